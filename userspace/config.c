// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "secret.h"
#include "util.h"

#ifndef IIOFWD_VERSION
#define IIOFWD_VERSION "0.1"
#endif

#define ERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

enum { ARG_NONE, ARG_REQ };

struct opt_desc {
	const char *name;
	int shortopt;
	int arg;
	const char *metavar;
	const char *help;
	bool file_ok;		/* allowed as a config file key */
};

static const struct opt_desc opts[] = {
	{ "config", 'c', ARG_REQ, "FILE", "read options from FILE (keys = long option names; ${VAR} is the environment variable VAR, $$ a $); the command line overrides it", false },
	{ "uri", 'u', ARG_REQ, "URI", "libiio context URI (default local:; ip:HOST, usb:..., any libiio URI), or replay:FILE to play a capture written by -o raw:FILE", true },
	{ "device", 'd', ARG_REQ, "NAME|iio:deviceN", "IIO device by name, label or id (default: the only buffered device)", true },
	{ "list", 0, ARG_NONE, NULL, "list the IIO devices of --uri (channels, sampling rates, triggers) and exit", false },
	{ "trigger", 0, ARG_REQ, "NAME", "attach the IIO trigger NAME (its name or triggerN) to the device before capture (st_accel without an interrupt needs one: hrtimer, sysfs)", true },
	{ "wait", 0, ARG_NONE, NULL, "wait for a device (or replay file) absent at start, checking every second, instead of exit 2 (file: wait = yes)", true },
	{ "channels", 0, ARG_REQ, "LIST", "comma-separated scan elements to enable (default: all, incl. timestamp)", true },
	{ "rate", 'r', ARG_REQ, "HZ", "set sampling_frequency (replay: play at HZ samples/s; default as fast as the outputs take them)", true },
	{ "watermark", 'w', ARG_REQ, "N", "buffer watermark in samples, also the read batch size (default 32)", true },
	{ "output", 'o', ARG_REQ, "URL", "add an output, repeatable: jsonl:-|PATH, raw:PATH, mqtt[s]://[user[:pass]@]host[:port (1883, mqtts 8883)]/prefix[?qos=1|0 (default 1; 0 is best effort)&format=json|influx&ca=F&cert=F&key=F&insecure=1 (no host name check; the CA still is)&keepalive=S&id=ID&batch=N&password-file=F&password-credential=NAME ($CREDENTIALS_DIRECTORY/NAME)&proto=311|5 (MQTT 5: also mqtt5://, mqtts5://)&message-expiry=S (MQTT 5)&topic=T (default PREFIX/{dev}/accel)&status-topic=T (PREFIX/{dev}/status)&measurement=M&tag=K=V], influx+tcp://host:port[?measurement=M&batch=N&tag=K=V], influx+udp://host:port[?measurement=M&tag=K=V], influx+http://host[:port (8086)]/?bucket=B[&org=O&token-file=F|token-credential=NAME|token=T&measurement=M&batch=N (1000)&tag=K=V] (InfluxDB v2 /api/v2/write, acknowledged by 204) (default jsonl:-); topics, the prefix, measurements and tag values are templates: {dev} {label} {host}, and {channel} in a measurement (one line per channel) or an MQTT topic= (one message per channel)", true },
	{ "tag", 0, ARG_REQ, "KEY=VALUE", "add a tag to every sample of every output, repeatable: a line-protocol tag, a member of \"tags\" in JSON; VALUE may hold {dev}, {label}, {host} (a URL's tag= adds to these for one output)", true },
	{ "count", 'n', ARG_REQ, "N", "exit after reading N samples and delivering them (status 3 if some were neither delivered nor spooled)", true },
	{ "duration", 0, ARG_REQ, "S", "exit 0 after S seconds", true },
	{ "latency", 0, ARG_REQ, "MS", "latency budget: partial batches are read and sent after MS ms (default 100)", true },
	{ "queue", 0, ARG_REQ, "N", "samples held in memory per output while it is down; the oldest are dropped and counted beyond that (default 65536)", true },
	{ "spool", 0, ARG_REQ, "DIR", "spool samples that overflow the queue to DIR instead of dropping them; replayed in order, kept across restarts", true },
	{ "spool-max", 0, ARG_REQ, "MB", "bound of the spool per output in MiB (default 64); the oldest segment is dropped and counted beyond it", true },
	{ "spool-sync", 0, ARG_REQ, "MODE", "when spooled samples are forced to disk: segment (default: each 1 MiB segment once full, and at exit), always (every record, and the delivery mark: slow), none (left to the kernel, ~30 s)", true },
	{ "batch", 0, ARG_REQ, "N", "samples per network payload (default 100; per-URL batch= overrides)", true },
	{ "drain-timeout", 0, ARG_REQ, "S", "after --count, --duration or the end of a replay, wait up to S s for outputs to deliver (default 5); SIGTERM/SIGINT wait at most 1.5 s", true },
	{ "backoff-min", 0, ARG_REQ, "MS", "first reconnect delay (default 100), doubled per failure, with jitter", true },
	{ "backoff-max", 0, ARG_REQ, "MS", "reconnect delay cap (default 30000)", true },
	{ "metrics", 0, ARG_REQ, "HOST:PORT", "serve Prometheus metrics at http://HOST:PORT/metrics", true },
	{ "stats", 0, ARG_NONE, NULL, "print a summary on stderr at exit", true },
	{ "verbose", 'v', ARG_NONE, NULL, "more log output (repeat for debug; file: verbose = 0..2)", true },
	{ "help", 'h', ARG_NONE, NULL, "show this help and exit", false },
	{ "version", 'V', ARG_NONE, NULL, "show the version and exit", false },
};

void config_defaults(struct fwd_config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->uri, "local:");
	c->watermark = 0;
	c->latency_ms = 100;
	c->queue_len = 65536;
	c->spool_max = 64ull << 20;
	c->spool_sync = SPOOL_SYNC_SEGMENT;
	c->drain_timeout = 5.0;
	c->backoff_min_ms = 100;
	c->backoff_max_ms = 30000;
	c->batch = 100;
}

void config_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: iiofwd [OPTION]... [-o URL]...\n"
		"Forward the samples of a buffered IIO device to MQTT, InfluxDB line\n"
		"protocol and JSON lines, through outages, without losing count.\n\n");
	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		char left[64];

		snprintf(left, sizeof(left), "%c%c%s--%s%s%s",
			 opts[i].shortopt ? '-' : ' ',
			 opts[i].shortopt ? opts[i].shortopt : ' ',
			 opts[i].shortopt ? ", " : "  ", opts[i].name,
			 opts[i].metavar ? " " : "",
			 opts[i].metavar ? opts[i].metavar : "");
		fprintf(f, "  %-30s %s\n", left, opts[i].help);
	}
	fprintf(f, "\nSignals: SIGTERM/SIGINT flush and exit 0; SIGHUP reopens file outputs, or\n"
		"with -c reloads its outputs, tags and verbose (see iiofwd(1)).\n"
		"Exit status: 0 success, 1 runtime failure (also: a file output's reader\n"
		"went away, EPIPE), 2 bad configuration, 3 samples read were neither\n"
		"delivered nor spooled (after --count, --duration, end of a replay).\n");
}

static int set_u32(const char *key, const char *val, uint64_t min,
		   uint64_t max, unsigned int *out, char *err, size_t errlen)
{
	uint64_t v;

	if (parse_u64(val, min, max, &v))
		ERR("--%s: '%s' is not an integer in %llu..%llu", key, val,
		    (unsigned long long)min, (unsigned long long)max);
	*out = (unsigned int)v;
	return 0;
}

static int set_str(const char *key, const char *val, char *dst, size_t size,
		   char *err, size_t errlen)
{
	if (!*val)
		ERR("--%s: empty value", key);
	if (str_copy(dst, size, val))
		ERR("--%s: value too long (max %zu)", key, size - 1);
	return 0;
}

static int check_hostport(const char *val, char *err, size_t errlen)
{
	const char *colon = strrchr(val, ':');
	uint64_t port;

	if (!colon || colon == val)
		ERR("--metrics: '%s' is not HOST:PORT", val);
	if (parse_u64(colon + 1, 1, 65535, &port))
		ERR("--metrics: bad port in '%s'", val);
	if (val[0] == '[' ? colon[-1] != ']' : memchr(val, ':', (size_t)(colon - val)) != NULL)
		ERR("--metrics: '%s' is not HOST:PORT ([v6addr]:PORT for IPv6)", val);
	return 0;
}

int config_set(struct fwd_config *c, const char *key, const char *val,
	       bool cmdline, char *err, size_t errlen)
{
	uint64_t v;
	double d;
	bool b;

	if (!strcmp(key, "uri"))
		return set_str(key, val, c->uri, sizeof(c->uri), err, errlen);
	if (!strcmp(key, "device"))
		return set_str(key, val, c->device, sizeof(c->device), err, errlen);
	if (!strcmp(key, "channels"))
		return set_str(key, val, c->channels, sizeof(c->channels), err, errlen);
	if (!strcmp(key, "trigger"))
		return set_str(key, val, c->trigger, sizeof(c->trigger), err, errlen);
	if (!strcmp(key, "list")) {
		c->list = true;
		return 0;
	}
	if (!strcmp(key, "spool"))
		return set_str(key, val, c->spool_dir, sizeof(c->spool_dir), err, errlen);
	if (!strcmp(key, "metrics")) {
		if (set_str(key, val, c->metrics, sizeof(c->metrics), err, errlen))
			return -1;
		return check_hostport(val, err, errlen);
	}
	if (!strcmp(key, "rate")) {
		if (parse_double(val, 0.001, 10e6, &d))
			ERR("--rate: '%s' is not a rate in Hz (0.001..1e7)", val);
		c->rate = d;
		return 0;
	}
	if (!strcmp(key, "watermark"))
		return set_u32(key, val, 1, 1u << 20, &c->watermark, err, errlen);
	if (!strcmp(key, "latency"))
		return set_u32(key, val, 1, 600000, &c->latency_ms, err, errlen);
	if (!strcmp(key, "queue"))
		return set_u32(key, val, 16, 1u << 26, &c->queue_len, err, errlen);
	if (!strcmp(key, "batch"))
		return set_u32(key, val, 1, 10000, &c->batch, err, errlen);
	if (!strcmp(key, "backoff-min"))
		return set_u32(key, val, 1, 3600000, &c->backoff_min_ms, err, errlen);
	if (!strcmp(key, "backoff-max"))
		return set_u32(key, val, 1, 3600000, &c->backoff_max_ms, err, errlen);
	if (!strcmp(key, "spool-sync")) {
		if (!strcmp(val, "none"))
			c->spool_sync = SPOOL_SYNC_NONE;
		else if (!strcmp(val, "segment"))
			c->spool_sync = SPOOL_SYNC_SEGMENT;
		else if (!strcmp(val, "always"))
			c->spool_sync = SPOOL_SYNC_ALWAYS;
		else
			ERR("--spool-sync: '%s' is not none, segment or always", val);
		return 0;
	}
	if (!strcmp(key, "spool-max")) {
		if (parse_u64(val, 1, 1u << 20, &v))
			ERR("--spool-max: '%s' is not a size in MiB (1..1048576)", val);
		c->spool_max = v << 20;
		return 0;
	}
	if (!strcmp(key, "count")) {
		if (parse_u64(val, 1, UINT64_MAX / 2, &v))
			ERR("--count: '%s' is not a positive integer", val);
		c->count = v;
		return 0;
	}
	if (!strcmp(key, "duration") || !strcmp(key, "drain-timeout")) {
		if (parse_double(val, key[0] == 'd' && key[1] == 'u' ? 0.001 : 0, 1e9, &d))
			ERR("--%s: '%s' is not a number of seconds", key, val);
		if (key[1] == 'u')
			c->duration = d;
		else
			c->drain_timeout = d;
		return 0;
	}
	if (!strcmp(key, "output")) {
		struct out_url u;

		if (cmdline && !c->outputs_from_cmdline) {
			/* command-line outputs replace the file's */
			c->outputs_from_cmdline = true;
			c->nout = 0;
		}
		if (url_parse(val, &u, err, errlen))
			return -1;
		if (c->nout >= CFG_MAX_OUTPUTS)
			ERR("--output: too many outputs (max %d)", CFG_MAX_OUTPUTS);
		c->out[c->nout++] = u;
		return 0;
	}
	if (!strcmp(key, "tag")) {
		struct tag t;

		if (cmdline && !c->tags_from_cmdline) {
			/* command-line tags replace the file's */
			c->tags_from_cmdline = true;
			c->ntags = 0;
		}
		if (tag_parse(val, &t, err, errlen) ||
		    tag_add(c->tags, &c->ntags, CFG_MAX_TAGS, &t, err, errlen)) {
			char msg[CFG_ERR_LEN];

			snprintf(msg, sizeof(msg), "%s", err);
			ERR("--tag: %s", msg);
		}
		return 0;
	}
	if (!strcmp(key, "wait")) {
		if (cmdline) {
			c->wait = true;
			return 0;
		}
		if (parse_bool(val, &b))
			ERR("wait: '%s' is not a boolean", val);
		c->wait = b;
		return 0;
	}
	if (!strcmp(key, "stats")) {
		if (cmdline) {
			c->stats = true;
			return 0;
		}
		if (parse_bool(val, &b))
			ERR("stats: '%s' is not a boolean", val);
		c->stats = b;
		return 0;
	}
	if (!strcmp(key, "verbose")) {
		if (cmdline) {
			c->verbose++;
			return 0;
		}
		if (parse_u64(val, 0, 2, &v))
			ERR("verbose: '%s' is not 0, 1 or 2", val);
		c->verbose = (int)v;
		return 0;
	}
	ERR("unknown option '%s'", key);
}

struct ini_state {
	struct fwd_config *c;
	const char *name;
	char *err;
	size_t errlen;
	bool failed;
	int line;
	/* string reader */
	const char *pos;
	bool overlong;
};

static const char *env_lookup(const char *name, void *ctx)
{
	(void)ctx;
	return getenv(name);
}

static int cfg_ini_handler(void *user, const char *section, const char *name,
		       const char *value)
{
	struct ini_state *st = user;
	char msg[CFG_ERR_LEN], expanded[CFG_VALUE_LEN];
	size_t i;

	if (st->failed)
		return 1;
	if (section[0] && strcmp(section, "iiofwd")) {
		snprintf(st->err, st->errlen, "%s: unknown section [%s]", st->name, section);
		st->failed = true;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(opts); i++)
		if (!strcmp(opts[i].name, name))
			break;
	if (i == ARRAY_SIZE(opts) || !opts[i].file_ok) {
		snprintf(st->err, st->errlen, "%s: unknown key '%s'", st->name, name);
		st->failed = true;
		return 0;
	}
	if (secret_expand(value, expanded, sizeof(expanded), env_lookup, NULL,
			  msg, sizeof(msg))) {
		snprintf(st->err, st->errlen, "%s: %s: %s", st->name, name, msg);
		st->failed = true;
		return 0;
	}
	if (config_set(st->c, name, expanded, false, msg, sizeof(msg))) {
		snprintf(st->err, st->errlen, "%s: %s", st->name, msg);
		st->failed = true;
		explicit_bzero(expanded, sizeof(expanded));
		return 0;
	}
	explicit_bzero(expanded, sizeof(expanded));
	return 1;
}

/* fgets-like reader over a string that reports lines inih would split. */
static char *ini_string_reader(char *str, int num, void *stream)
{
	struct ini_state *st = stream;
	const char *nl;
	size_t len;

	if (!*st->pos || st->overlong)
		return NULL;
	nl = strchr(st->pos, '\n');
	len = nl ? (size_t)(nl - st->pos) + 1 : strlen(st->pos);
	if (len + 1 > (size_t)num) {
		st->overlong = true;
		return NULL;
	}
	memcpy(str, st->pos, len);
	str[len] = '\0';
	if (memchr(str, '\0', len)) {
		st->overlong = true;
		return NULL;
	}
	st->pos += len;
	st->line++;
	return str;
}

int config_load_string(struct fwd_config *c, const char *text,
		       const char *name, char *err, size_t errlen)
{
	struct ini_state st = {
		.c = c, .name = name, .err = err, .errlen = errlen, .pos = text,
	};
	int line;

	line = ini_parse_stream(ini_string_reader, &st, cfg_ini_handler, &st);
	if (st.overlong)
		ERR("%s:%d: line too long (max %d characters)", name, st.line + 1,
		    INI_MAX_LINE - 2);
	if (line > 0) {
		char msg[CFG_ERR_LEN];

		if (st.failed) {
			snprintf(msg, sizeof(msg), "%s", err);
			/* put the line number after the file name */
			ERR("%s:%d:%s", name, line, msg + strlen(name) + 1);
		}
		ERR("%s:%d: malformed line (expected 'key = value')", name, line);
	}
	if (line < 0)
		ERR("%s: cannot parse", name);
	return 0;
}

int config_load_file(struct fwd_config *c, const char *path,
		     char *err, size_t errlen)
{
	char *text;
	long size;
	FILE *f;
	int ret;

	f = fopen(path, "r");
	if (!f)
		ERR("config file %s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		ERR("config file %s: cannot read", path);
	}
	if (size > 1 << 20) {
		fclose(f);
		ERR("config file %s: too large", path);
	}
	text = malloc((size_t)size + 1);
	if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
		free(text);
		fclose(f);
		ERR("config file %s: cannot read", path);
	}
	fclose(f);
	text[size] = '\0';
	if (strlen(text) != (size_t)size) {
		free(text);
		ERR("config file %s: contains a NUL byte", path);
	}
	ret = config_load_string(c, text, path, err, errlen);
	free(text);
	return ret;
}

int config_validate(struct fwd_config *c, char *err, size_t errlen)
{
	unsigned int i;

	if (c->backoff_min_ms > c->backoff_max_ms)
		ERR("--backoff-min (%u) is larger than --backoff-max (%u)",
		    c->backoff_min_ms, c->backoff_max_ms);
	if (!strncmp(c->uri, "replay:", 7) && !c->uri[7])
		ERR("--uri: replay: needs a file name");
	if (!strncmp(c->uri, "replay:", 7) && (c->trigger[0] || c->list))
		ERR("--%s: needs an IIO context, not a replay", c->list ? "list" : "trigger");
	if (!c->nout) {
		url_parse("jsonl:-", &c->out[0], err, errlen);
		c->nout = 1;
	}
	for (i = 0; i < c->nout; i++) {
		unsigned int j;

		if (c->out[i].kind != OUT_JSONL && c->out[i].kind != OUT_RAW)
			continue;
		for (j = 0; j < i; j++)
			if ((c->out[j].kind == OUT_JSONL || c->out[j].kind == OUT_RAW) &&
			    !strcmp(c->out[i].path, c->out[j].path))
				ERR("--output: %s given twice", c->out[i].path);
	}
	return 0;
}

int config_load_secrets(struct fwd_config *c, const char *credsdir,
			char *err, size_t errlen)
{
	char path[URL_PATH_LEN + URL_NAME_LEN + 2], msg[CFG_ERR_LEN - 64];
	unsigned int i;

	for (i = 0; i < c->nout; i++) {
		struct out_url *u = &c->out[i];
		char disp[URL_MAX_LEN];

		if (!u->pass_file[0] && !u->pass_cred[0])
			continue;
		bool tok = u->kind == OUT_INFLUX_HTTP;

		url_display(u, disp, sizeof(disp));
		if (u->pass_cred[0] &&
		    secret_cred_path(u->pass_cred, credsdir, path, sizeof(path),
				     msg, sizeof(msg)))
			ERR("%.200s: %s-%s", disp, tok ? "token" : "password", msg);
		if (secret_read(u->pass_cred[0] ? path : u->pass_file,
				tok ? u->token : u->pass, tok ? sizeof(u->token) : sizeof(u->pass),
				msg, sizeof(msg)))
			ERR("%.200s: %s: %s", disp, tok ? "token" : "password", msg);
		u->has_pass = true;
	}
	return 0;
}

int config_parse_args(struct fwd_config *c, int argc, char **argv,
		      char *err, size_t errlen)
{
	struct option lopts[ARRAY_SIZE(opts) + 1];
	char shortopts[64], *sp = shortopts;
	size_t i;
	int ch, idx;

	memset(lopts, 0, sizeof(lopts));
	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		lopts[i].name = opts[i].name;
		lopts[i].has_arg = opts[i].arg == ARG_REQ ? required_argument : no_argument;
		lopts[i].val = opts[i].shortopt ? opts[i].shortopt : 256 + (int)i;
		if (opts[i].shortopt) {
			*sp++ = (char)opts[i].shortopt;
			if (opts[i].arg == ARG_REQ)
				*sp++ = ':';
		}
	}
	*sp = '\0';

	/* first pass: --help, --version and the config file */
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, shortopts, lopts, &idx)) != -1) {
		if (ch == 'h') {
			config_usage(stdout);
			return CFG_EXIT;
		}
		if (ch == 'V') {
			printf("iiofwd %s\n", IIOFWD_VERSION);
			return CFG_EXIT;
		}
		if (ch == 'c' && set_str("config", optarg, c->config_file,
					 sizeof(c->config_file), err, errlen))
			return CFG_ERROR;
	}
	if (c->config_file[0] &&
	    config_load_file(c, c->config_file, err, errlen))
		return CFG_ERROR;

	/* second pass: the command line overrides the file */
	optind = 1;
	while ((ch = getopt_long(argc, argv, shortopts, lopts, &idx)) != -1) {
		const struct opt_desc *o = NULL;

		if (ch == '?' || ch == ':') {
			if (optopt && optopt < 256)
				ERR("bad option '-%c' or missing argument (see --help)", optopt);
			ERR("bad option '%s' or missing argument (see --help)",
			    argv[optind - 1]);
		}
		for (i = 0; i < ARRAY_SIZE(opts); i++)
			if ((opts[i].shortopt && opts[i].shortopt == ch) ||
			    256 + (int)i == ch)
				o = &opts[i];
		if (!o)
			ERR("bad option (see --help)");
		if (!strcmp(o->name, "config"))
			continue;
		if (config_set(c, o->name, optarg ? optarg : "", true, err, errlen))
			return CFG_ERROR;
	}
	if (optind < argc)
		ERR("unexpected argument '%s' (see --help)", argv[optind]);
	if (config_validate(c, err, errlen) ||
	    config_load_secrets(c, getenv("CREDENTIALS_DIRECTORY"), err, errlen))
		return CFG_ERROR;
	return CFG_OK;
}
