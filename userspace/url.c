// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "template.h"
#include "url.h"
#include "util.h"

#define ERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode [s, s+n) into dst; rejects bad escapes, NUL and overflow. */
static int pct_decode(char *dst, size_t size, const char *s, size_t n)
{
	size_t o = 0, i;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			int h, l;

			if (i + 2 >= n)
				return -1;
			h = hexval(s[i + 1]);
			l = hexval(s[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				return -1;
			c = h * 16 + l;
			i += 2;
		}
		if (o + 1 >= size)
			return -1;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return 0;
}

static bool valid_topic_prefix(const char *p)
{
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p == '+' || *p == '#' || (unsigned char)*p < 0x20)
			return false;
	return true;
}

/* A topic (template): no wildcards, no control characters, no empty level at the ends. */
static int check_topic(const char *t, const char *what, unsigned int allowed,
		       const char *url, char *err, size_t errlen)
{
	char msg[160];
	const char *p;

	if (!*t)
		ERR("%s: empty %s", url, what);
	for (p = t; *p; p++)
		if (*p == '+' || *p == '#' || (unsigned char)*p < 0x20)
			ERR("%s: %s '%s': no '+', '#' or control characters in a topic",
			    url, what, t);
	if (tpl_check(t, allowed, msg, sizeof(msg)) < 0)
		ERR("%s: %s '%s': %s", url, what, t, msg);
	return 0;
}

int tag_parse(const char *s, struct tag *t, char *err, size_t errlen)
{
	const char *eq = strchr(s, '=');
	char msg[160];
	const char *p;

	memset(t, 0, sizeof(*t));
	if (!eq || eq == s || !eq[1])
		ERR("tag '%s' is not KEY=VALUE (both non-empty)", s);
	if (str_ncopy(t->key, sizeof(t->key), s, (size_t)(eq - s)))
		ERR("tag key too long (max %d)", TAG_KEY_LEN - 1);
	if (str_copy(t->val, sizeof(t->val), eq + 1))
		ERR("tag %s: value too long (max %d)", t->key, TAG_VAL_LEN - 1);
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			ERR("tag %s: control character in the tag", t->key);
	if (!strcmp(t->key, "dev") || !strcmp(t->key, "seq") || !strcmp(t->key, "t") ||
	    !strcmp(t->key, "raw"))
		ERR("tag key '%s' is reserved (dev, seq, t, raw)", t->key);
	if (tpl_check(t->val, TPL_DEV | TPL_LABEL | TPL_HOST, msg, sizeof(msg)) < 0)
		ERR("tag %s: %s", t->key, msg);
	return 0;
}

int tag_add(struct tag *tags, unsigned int *n, unsigned int max,
	    const struct tag *t, char *err, size_t errlen)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(tags[i].key, t->key))
			ERR("tag %s given twice", t->key);
	if (*n >= max)
		ERR("too many tags (max %u)", max);
	tags[(*n)++] = *t;
	return 0;
}

static bool valid_host(const char *h)
{
	if (!*h)
		return false;
	for (; *h; h++) {
		unsigned char c = (unsigned char)*h;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		      c == ':' || c == '_'))
			return false;
	}
	return true;
}

static int parse_query(const char *q, struct out_url *u, const char *url,
		       char *err, size_t errlen)
{
	while (*q) {
		const char *amp = strchr(q, '&'), *eq;
		size_t len = amp ? (size_t)(amp - q) : strlen(q);
		char key[32], val[URL_PATH_LEN];
		uint64_t n;

		eq = memchr(q, '=', len);
		if (!eq)
			ERR("%s: query parameter '%.*s' has no value", url, (int)len, q);
		if (str_ncopy(key, sizeof(key), q, (size_t)(eq - q)))
			ERR("%s: query parameter name too long", url);
		if (pct_decode(val, sizeof(val), eq + 1, len - (size_t)(eq - q) - 1))
			ERR("%s: bad or too long value for '%s'", url, key);

		if (u->kind == OUT_MQTT && !strcmp(key, "qos")) {
			if (parse_u64(val, 0, 1, &n))
				ERR("%s: qos must be 0 or 1, not '%s'", url, val);
			u->qos = (int)n;
		} else if (u->kind == OUT_MQTT && !strcmp(key, "format")) {
			if (!strcmp(val, "json"))
				u->format = FMT_JSON;
			else if (!strcmp(val, "influx"))
				u->format = FMT_INFLUX;
			else
				ERR("%s: format must be json or influx, not '%s'", url, val);
		} else if (u->kind == OUT_MQTT && (!strcmp(key, "ca") ||
			   !strcmp(key, "cert") || !strcmp(key, "key"))) {
			char *dst = key[0] == 'c' ? (key[1] == 'a' ? u->ca : u->cert) : u->key;

			if (!*val)
				ERR("%s: empty %s", url, key);
			strcpy(dst, val);	/* same size, checked by pct_decode */
			u->tls = true;
		} else if (u->kind == OUT_MQTT && !strcmp(key, "insecure")) {
			if (parse_bool(val, &u->insecure))
				ERR("%s: insecure must be 0 or 1, not '%s'", url, val);
		} else if (u->kind == OUT_MQTT && !strcmp(key, "proto")) {
			if (!strcmp(val, "5") || !strcmp(val, "mqttv5"))
				u->proto = 5;
			else if (!strcmp(val, "311") || !strcmp(val, "mqttv311"))
				u->proto = 4;
			else
				ERR("%s: proto must be 311 or 5, not '%s'", url, val);
		} else if (u->kind == OUT_MQTT && !strcmp(key, "message-expiry")) {
			if (parse_u64(val, 1, UINT32_MAX, &n))
				ERR("%s: message-expiry must be 1..4294967295 s, not '%s'", url, val);
			u->message_expiry = (unsigned int)n;
		} else if (u->kind == OUT_MQTT && !strcmp(key, "keepalive")) {
			if (parse_u64(val, 5, 65535, &n))
				ERR("%s: keepalive must be 5..65535, not '%s'", url, val);
			u->keepalive = (unsigned int)n;
		} else if (u->kind == OUT_MQTT && !strcmp(key, "id")) {
			if (!*val || str_copy(u->client_id, sizeof(u->client_id), val))
				ERR("%s: bad client id", url);
		} else if ((u->kind == OUT_MQTT && !strcmp(key, "password-file")) ||
			   (u->kind == OUT_INFLUX_HTTP && !strcmp(key, "token-file"))) {
			if (!*val)
				ERR("%s: empty %s", url, key);
			strcpy(u->pass_file, val);	/* same size, checked by pct_decode */
		} else if (u->kind == OUT_INFLUX_HTTP && (!strcmp(key, "org") ||
							  !strcmp(key, "bucket"))) {
			if (!*val || str_copy(key[0] == 'o' ? u->org : u->bucket, URL_NAME_LEN, val))
				ERR("%s: bad %s", url, key);
		} else if (u->kind == OUT_INFLUX_HTTP && !strcmp(key, "token")) {
			if (!*val || strpbrk(val, "\r\n") || str_copy(u->token, sizeof(u->token), val))
				ERR("%s: bad token", url);
			u->has_pass = true;
		} else if ((u->kind == OUT_MQTT && !strcmp(key, "password-credential")) ||
			   (u->kind == OUT_INFLUX_HTTP && !strcmp(key, "token-credential"))) {
			if (!*val || strchr(val, '/') || !strcmp(val, ".") || !strcmp(val, "..") ||
			    str_copy(u->pass_cred, sizeof(u->pass_cred), val))
				ERR("%s: bad %s name '%s'", url, key, val);
		} else if (u->kind == OUT_MQTT && (!strcmp(key, "topic") ||
						   !strcmp(key, "status-topic"))) {
			char *dst = key[0] == 't' ? u->topic : u->status_topic;

			if (str_copy(dst, sizeof(u->topic), val))
				ERR("%s: %s too long", url, key);
			/* {channel} in the data topic: one message per channel */
			if (check_topic(dst, key, TPL_DEV | TPL_LABEL | TPL_HOST |
					(key[0] == 't' ? TPL_CHANNEL : 0), url, err, errlen))
				return -1;
		} else if (!strcmp(key, "measurement")) {
			char msg[160];

			if (!*val || str_copy(u->measurement, sizeof(u->measurement), val))
				ERR("%s: bad measurement name", url);
			if (tpl_check(val, TPL_ALL, msg, sizeof(msg)) < 0)
				ERR("%s: measurement '%s': %s", url, val, msg);
		} else if (!strcmp(key, "tag")) {
			struct tag t;
			char msg[256];

			if (tag_parse(val, &t, msg, sizeof(msg)) ||
			    tag_add(u->tags, &u->ntags, URL_MAX_TAGS, &t, msg, sizeof(msg)))
				ERR("%s: %s", url, msg);
		} else if (!strcmp(key, "batch")) {
			if (parse_u64(val, 1, 10000, &n))
				ERR("%s: batch must be 1..10000, not '%s'", url, val);
			u->batch = (unsigned int)n;
		} else {
			ERR("%s: unknown query parameter '%s'", url, key);
		}
		q += len;
		if (*q == '&')
			q++;
	}
	return 0;
}

static int parse_net(const char *url, const char *rest, struct out_url *u,
		     char *err, size_t errlen)
{
	const char *auth_end, *hp, *hp_end, *path, *query, *at, *colon;
	char hostport[URL_HOST_LEN + 8];
	size_t len;
	uint64_t port;

	query = strchr(rest, '?');
	path = strchr(rest, '/');
	if (path && query && path > query)
		path = NULL;
	hp_end = path ? path : (query ? query : rest + strlen(rest));

	at = memchr(rest, '@', (size_t)(hp_end - rest));
	/* the last '@' before the path separates credentials */
	while (at) {
		const char *next = memchr(at + 1, '@', (size_t)(hp_end - at - 1));

		if (!next)
			break;
		at = next;
	}
	hp = rest;
	if (at) {
		if (u->kind != OUT_MQTT)
			ERR("%s: credentials are only supported for mqtt", url);
		auth_end = at;
		colon = memchr(rest, ':', (size_t)(auth_end - rest));
		if (pct_decode(u->user, sizeof(u->user), rest,
			       (size_t)((colon ? colon : auth_end) - rest)) || !u->user[0])
			ERR("%s: bad or too long user name", url);
		u->has_user = true;
		if (colon) {
			if (pct_decode(u->pass, sizeof(u->pass), colon + 1,
				       (size_t)(auth_end - colon - 1)))
				ERR("%s: bad or too long password", url);
			u->has_pass = true;
		}
		hp = at + 1;
	}
	if (str_ncopy(hostport, sizeof(hostport), hp, (size_t)(hp_end - hp)))
		ERR("%s: host too long", url);

	if (hostport[0] == '[') {
		char *rb = strchr(hostport, ']');

		if (!rb)
			ERR("%s: unterminated '[' in host", url);
		*rb = '\0';
		if (str_copy(u->host, sizeof(u->host), hostport + 1))
			ERR("%s: host too long", url);
		colon = rb[1] == ':' ? rb + 1 : NULL;
		if (rb[1] && !colon)
			ERR("%s: junk after ']'", url);
	} else {
		char *c = strchr(hostport, ':');

		if (c && strchr(c + 1, ':'))
			ERR("%s: IPv6 addresses must be in brackets", url);
		if (c)
			*c = '\0';
		if (str_copy(u->host, sizeof(u->host), hostport))
			ERR("%s: host too long", url);
		colon = c ? c : NULL;
	}
	if (!valid_host(u->host))
		ERR("%s: bad or missing host", url);
	if (colon) {
		if (parse_u64(colon + 1, 1, 65535, &port))
			ERR("%s: bad port '%s'", url, colon + 1);
		u->port = (unsigned int)port;
	}

	if (u->kind == OUT_MQTT) {
		if (!path)
			ERR("%s: missing /prefix (topic prefix)", url);
		len = query ? (size_t)(query - path - 1) : strlen(path + 1);
		if (str_ncopy(u->prefix, sizeof(u->prefix), path + 1, len))
			ERR("%s: topic prefix too long", url);
		if (!valid_topic_prefix(u->prefix))
			ERR("%s: bad topic prefix '%s'", url, u->prefix);
		while (len && u->prefix[len - 1] == '/')
			u->prefix[--len] = '\0';
		if (!len)
			ERR("%s: bad topic prefix", url);
		if (check_topic(u->prefix, "topic prefix", TPL_DEV | TPL_LABEL | TPL_HOST,
				url, err, errlen))
			return -1;
	} else if (path && path + 1 != (query ? query : path + 1 + strlen(path + 1))) {
		ERR("%s: unexpected path '%.*s'", url,
		    (int)(query ? (size_t)(query - path) : strlen(path)), path);
	}
	if (query && parse_query(query + 1, u, url, err, errlen))
		return -1;
	if (u->kind == OUT_MQTT && u->message_expiry && u->proto != 5)
		ERR("%s: message-expiry needs MQTT 5 (proto=5 or mqtt5://)", url);
	if (u->kind == OUT_MQTT && u->tls && (!u->cert[0]) != (!u->key[0]))
		ERR("%s: cert and key must be given together", url);
	if (u->kind == OUT_INFLUX_HTTP) {
		if (!u->bucket[0])
			ERR("%s: missing bucket= (the InfluxDB bucket to write to)", url);
		if ((u->pass_file[0] != 0) + (u->pass_cred[0] != 0) + u->has_pass > 1)
			ERR("%s: one token only: token=, token-file= or token-credential=", url);
	} else if (u->pass_file[0] || u->pass_cred[0]) {
		if ((u->pass_file[0] && u->pass_cred[0]) || u->has_pass)
			ERR("%s: one password only: in the URL, password-file= or password-credential=", url);
		if (!u->has_user)
			ERR("%s: a password from a file needs a user name (mqtt://USER@host/...)", url);
	}
	return 0;
}

/* the values of token= in buf shown as "***" */
static void mask_token(char *buf, size_t len)
{
	char *q = buf, *t, tmp[URL_MAX_LEN];

	while ((t = strstr(q, "token=")) != NULL) {
		char *v = t + 6, *e = v + strcspn(v, "&");

		if (t == buf || (t[-1] != '?' && t[-1] != '&')) {
			q = v;
			continue;
		}
		snprintf(tmp, sizeof(tmp), "%s", e);
		snprintf(v, len - (size_t)(v - buf), "***%s", tmp);
		q = v + 3;
	}
}

/* s for messages, a password in it shown as "***" */
static void mask_userpass(const char *s, char *buf, size_t len)
{
	const char *auth = strstr(s, "://"), *end, *at, *colon;

	snprintf(buf, len, "%s", s);
	if (!auth)
		return;
	auth += 3;
	end = auth + strcspn(auth, "/?");
	at = NULL;
	for (colon = auth; colon < end; colon++)
		if (*colon == '@')
			at = colon;
	if (!at)
		return;
	colon = memchr(auth, ':', (size_t)(at - auth));
	if (colon)
		snprintf(buf, len, "%.*s***%s", (int)(colon + 1 - s), s, at);
}

/* s for messages, a password or token in it shown as "***" */
static void mask_password(const char *s, char *buf, size_t len)
{
	mask_userpass(s, buf, len);
	mask_token(buf, len);
}

int url_parse(const char *s, struct out_url *u, char *err, size_t errlen)
{
	char shown[URL_MAX_LEN];

	memset(u, 0, sizeof(*u));
	if (!s || !*s)
		ERR("empty output URL");
	if (strlen(s) >= URL_MAX_LEN)
		ERR("output URL too long (max %d)", URL_MAX_LEN - 1);

	mask_password(s, shown, sizeof(shown));
	if (!strncmp(s, "jsonl:", 6) || !strncmp(s, "raw:", 4)) {
		const char *p = strchr(s, ':') + 1;

		u->kind = s[0] == 'j' ? OUT_JSONL : OUT_RAW;
		if (!*p)
			ERR("%s: missing path", s);
		if (u->kind == OUT_RAW && !strcmp(p, "-"))
			ERR("%s: raw output needs a file", s);
		if (str_copy(u->path, sizeof(u->path), p))
			ERR("%s: path too long", s);
		return 0;
	}
	if (!strncmp(s, "mqtt5://", 8) || !strncmp(s, "mqtts5://", 9)) {
		u->kind = OUT_MQTT;
		u->tls = s[4] == 's';
		u->port = u->tls ? 8883 : 1883;
		u->keepalive = 30;
		u->qos = 1;
		u->proto = 5;
		u->format = FMT_JSON;
		strcpy(u->measurement, "accel");
		return parse_net(shown, s + (u->tls ? 9 : 8), u, err, errlen);
	}
	if (!strncmp(s, "mqtt://", 7) || !strncmp(s, "mqtts://", 8)) {
		u->kind = OUT_MQTT;
		u->proto = 4;
		u->tls = s[4] == 's';
		u->port = u->tls ? 8883 : 1883;
		u->keepalive = 30;
		u->qos = 1;	/* at-least-once; qos=0 is best effort */
		u->format = FMT_JSON;
		strcpy(u->measurement, "accel");
		if (parse_net(shown, s + (u->tls ? 8 : 7), u, err, errlen))
			return -1;
		return 0;
	}
	if (!strncmp(s, "influx+tcp://", 13) || !strncmp(s, "influx+udp://", 13)) {
		u->kind = s[7] == 't' ? OUT_INFLUX_TCP : OUT_INFLUX_UDP;
		u->format = FMT_INFLUX;
		strcpy(u->measurement, "accel");
		if (parse_net(shown, s + 13, u, err, errlen))
			return -1;
		if (!u->port)
			ERR("%s: missing port", shown);
		return 0;
	}
	if (!strncmp(s, "influx+http://", 14)) {
		u->kind = OUT_INFLUX_HTTP;
		u->format = FMT_INFLUX;
		u->port = 8086;
		strcpy(u->measurement, "accel");
		if (parse_net(shown, s + 14, u, err, errlen))
			return -1;
		return 0;
	}
	if (!strncmp(s, "influx+https://", 15))
		ERR("%s: influx+https:// is not supported (iiofwd links no TLS library of its own): "
		    "use influx+http:// to a local TLS proxy, or Telegraf", shown);
	ERR("%s: unknown output type (jsonl:, raw:, mqtt[s]://, mqtt[s]5://, influx+tcp://, influx+udp://, influx+http://)", shown);
}

void url_display(const struct out_url *u, char *buf, size_t len)
{
	switch (u->kind) {
	case OUT_JSONL:
		snprintf(buf, len, "jsonl:%s", u->path);
		break;
	case OUT_RAW:
		snprintf(buf, len, "raw:%s", u->path);
		break;
	case OUT_MQTT:
		snprintf(buf, len, "%s://%s%s%s:%u/%s", u->tls ? "mqtts" : "mqtt",
			 u->has_user ? u->user : "", u->has_user ? "@" : "",
			 u->host, u->port, u->prefix);
		break;
	case OUT_INFLUX_TCP:
	case OUT_INFLUX_UDP:
		snprintf(buf, len, "influx+%s://%s:%u",
			 u->kind == OUT_INFLUX_TCP ? "tcp" : "udp", u->host, u->port);
		break;
	case OUT_INFLUX_HTTP:
		snprintf(buf, len, "influx+http://%s:%u?org=%s&bucket=%s", u->host, u->port,
			 u->org, u->bucket);
		break;
	}
}
