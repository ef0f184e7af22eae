// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "output.h"
#include "template.h"
#include "util.h"

const double lat_bounds[LAT_BUCKETS] = {
	0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60,
};

#define cons_to_output(c) ((struct output *)((char *)(c) - offsetof(struct output, cons)))

/*
 * A sample as this output writes it; dev and l are the source's (then the
 * series expanded from the templates are used) or those of samples spooled
 * from another device (line protocol: the measurement and a dev tag).
 */
static int format_sample(struct output *o, const char *dev,
			 const struct scan_layout *l, const struct sample *s,
			 struct sbuf *b)
{
	const struct source *src = o->app->src;
	bool ours = l == &src->layout;

	if (o->split_channels) {
		unsigned int v;

		for (v = 0; v < s->n; v++) {
			if (v && sbuf_putc(b, SPLIT_SEP))
				return -1;
			if (o->fmt == FMT_JSON ?
			    fmt_json_value(b, dev, o->json_tags, l, s, v) :
			    fmt_lp_value(b, o->per_channel ? o->lp_chan[v] : o->lp_series,
					 o->per_channel, l, s, v))
				return -1;
		}
		return 0;
	}
	if (o->fmt == FMT_JSON)
		return fmt_json_sample_tags(b, dev, o->json_tags, l, s);
	if (!ours)
		return fmt_lp_sample(b, o->url.measurement[0] && !strchr(o->url.measurement, '{') ?
				     o->url.measurement : "accel", dev, l, s);
	if (o->per_channel)
		return fmt_lp_channels(b, o->lp_chan, l, s);
	return fmt_lp_series(b, o->lp_series, l, s);
}

int output_format(struct output *o, uint64_t seq, struct sbuf *b)
{
	const struct app *a = o->app;
	const void *e = queue_at(&a->q, seq);
	struct sample s;

	if (!e)
		return -1;
	scan_decode(&a->src->layout, entry_rec(e), entry_time(e), &s);
	s.seq = seq;
	return format_sample(o, a->src->dev, &a->src->layout, &s, b);
}

/*
 * A sample from the spool: a text record of iiofwd 0.1 as it is; a binary
 * one of the device read now as the queue's; one spooled from another
 * device or layout (an earlier run) with its own device name and layout.
 */
static int format_spooled(struct output *o, const struct spool_sample *ss,
			  struct sbuf *b)
{
	const struct source *src = o->app->src;
	const struct spool_meta *m = ss->meta;

	if (!m)
		return sbuf_append(b, ss->text, ss->len);
	if (!strcmp(m->dev, src->dev) && m->layout.nvalues == src->layout.nvalues &&
	    !memcmp(m->layout.val, src->layout.val, sizeof(m->layout.val)))
		return format_sample(o, src->dev, &src->layout, &ss->s, b);
	return format_sample(o, m->dev, &m->layout, &ss->s, b);
}

static const char *host_name(void)
{
	static char host[256];

	if (!host[0] && gethostname(host, sizeof(host) - 1))
		snprintf(host, sizeof(host), "localhost");
	return host;
}

int output_expand(const struct output *o, const char *tpl, const char *channel,
		  char *out, size_t len)
{
	const struct source *src = o->app->src;
	struct tpl_vars v = {
		.dev = src->dev, .label = src->label, .host = host_name(),
		.channel = channel,
	};

	return tpl_expand(tpl, &v, out, len);
}

/* The tags of the configuration, then the URL's. */
static const struct tag *nth_tag(const struct output *o, unsigned int i)
{
	const struct fwd_config *cfg = o->app->cfg;

	return i < cfg->ntags ? &cfg->tags[i] : &o->url.tags[i - cfg->ntags];
}

/*
 * The line-protocol series ("measurement,dev=..,k=v") of one channel (or
 * of all with channel NULL) and the JSON "tags" member, from the
 * templates: expanded once here, not per sample.
 */
static char *lp_series_for(const struct output *o, const char *channel,
			   char *err, size_t errlen)
{
	unsigned int i, n = o->app->cfg->ntags + o->url.ntags;
	char val[1024];
	struct sbuf b = { 0 };

	if (output_expand(o, o->url.measurement[0] ? o->url.measurement : "accel",
			  channel, val, sizeof(val))) {
		snprintf(err, errlen, "%s: measurement '%s' too long when expanded",
			 o->name, o->url.measurement);
		return NULL;
	}
	fmt_lp_escape(&b, val, LP_MEASUREMENT);
	sbuf_append(&b, ",dev=", 5);
	fmt_lp_escape(&b, o->app->src->dev, LP_TAG);
	for (i = 0; i < n; i++) {
		const struct tag *t = nth_tag(o, i);

		if (output_expand(o, t->val, NULL, val, sizeof(val)) || !val[0]) {
			snprintf(err, errlen, "%s: tag %s: empty or too long when expanded",
				 o->name, t->key);
			sbuf_free(&b);
			return NULL;
		}
		sbuf_putc(&b, ',');
		fmt_lp_escape(&b, t->key, LP_TAG);
		sbuf_putc(&b, '=');
		fmt_lp_escape(&b, val, LP_TAG);
	}
	if (b.oom || !b.p) {
		snprintf(err, errlen, "out of memory");
		sbuf_free(&b);
		return NULL;
	}
	return b.p;
}

static int build_formats(struct output *o, char *err, size_t errlen)
{
	const struct scan_layout *l = &o->app->src->layout;
	unsigned int i, n = o->app->cfg->ntags + o->url.ntags;
	char msg[16];

	o->split_channels = o->url.kind == OUT_MQTT &&
		(tpl_check(o->url.topic, TPL_ALL, msg, sizeof(msg)) & TPL_CHANNEL);
	if (tpl_check(o->url.measurement, TPL_ALL, msg, sizeof(msg)) & TPL_CHANNEL) {
		o->per_channel = true;
		for (i = 0; i < l->nvalues; i++) {
			o->lp_chan[i] = lp_series_for(o, l->val[i].key, err, errlen);
			if (!o->lp_chan[i])
				return -1;
		}
	}
	o->lp_series = lp_series_for(o, NULL, err, errlen);
	if (!o->lp_series)
		return -1;
	if (n) {
		struct sbuf b = { 0 };
		char val[1024];

		sbuf_append(&b, ",\"tags\":{", 9);
		for (i = 0; i < n; i++) {
			const struct tag *t = nth_tag(o, i);

			output_expand(o, t->val, NULL, val, sizeof(val));
			sbuf_append(&b, i ? ",\"" : "\"", i ? 2 : 1);
			fmt_json_escape(&b, t->key);
			sbuf_append(&b, "\":\"", 3);
			fmt_json_escape(&b, val);
			sbuf_putc(&b, '"');
		}
		sbuf_putc(&b, '}');
		if (b.oom) {
			sbuf_free(&b);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		o->json_tags = b.p;
	}
	return 0;
}

static void free_formats(struct output *o)
{
	unsigned int i;

	free(o->lp_series);
	free(o->json_tags);
	for (i = 0; i < SCAN_MAX_VALUES; i++)
		free(o->lp_chan[i]);
}

static bool output_evict(struct qcons *c, uint64_t seq, const void *entry)
{
	struct output *o = cons_to_output(c);

	if (!o->spool)
		return false;
	/* a block that cannot be written is counted by the spool */
	return spool_put(o->spool, seq, entry_rec(entry), entry_time(entry)) == 0;
}

static void spool_dir_for(const struct fwd_config *cfg, const char *name,
			  char *buf, size_t len)
{
	size_t n, i;

	n = (size_t)snprintf(buf, len, "%s/", cfg->spool_dir);
	for (i = 0; name[i] && n + 1 < len; i++, n++)
		buf[n] = isalnum((unsigned char)name[i]) || name[i] == '.' ||
			 name[i] == '-' ? name[i] : '_';
	buf[n < len ? n : len - 1] = '\0';
}

struct output *output_new(struct app *app, const struct out_url *u,
			  char *err, size_t errlen)
{
	struct output *o = calloc(1, sizeof(*o));

	if (!o) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	o->app = app;
	o->url = *u;
	url_display(u, o->name, sizeof(o->name));
	o->batch_max = u->batch ? u->batch : app->cfg->batch;
	switch (u->kind) {
	case OUT_JSONL:
		o->ops = &out_file_ops;
		o->fmt = FMT_JSON;
		break;
	case OUT_RAW:
		o->ops = &out_file_ops;
		o->fmt = FMT_JSON;
		break;
	case OUT_MQTT:
		o->ops = &out_mqtt_ops;
		o->fmt = u->format;
		break;
	case OUT_INFLUX_TCP:
		o->ops = &out_influx_tcp_ops;
		o->fmt = FMT_INFLUX;
		break;
	case OUT_INFLUX_UDP:
		o->ops = &out_influx_udp_ops;
		o->fmt = FMT_INFLUX;
		if (!u->batch)
			o->batch_max = 1000;
		break;
	case OUT_INFLUX_HTTP:
		o->ops = &out_http_ops;
		o->fmt = FMT_INFLUX;
		if (!u->batch)
			o->batch_max = 1000;
		break;
	}
	backoff_init(&o->bo, app->cfg->backoff_min_ms, app->cfg->backoff_max_ms,
		     now_mono_ns() ^ (uintptr_t)o);
	if (build_formats(o, err, errlen)) {
		free_formats(o);
		free(o);
		return NULL;
	}
	if (queue_add_consumer(&app->q, &o->cons)) {
		snprintf(err, errlen, "too many outputs");
		free_formats(o);
		free(o);
		return NULL;
	}
	o->cons.evict = output_evict;
	if (app->cfg->spool_dir[0] && u->kind != OUT_JSONL && u->kind != OUT_RAW) {
		char dir[600];

		spool_dir_for(app->cfg, o->name, dir, sizeof(dir));
		if (spool_open(&o->spool, dir, app->cfg->spool_max, err, errlen)) {
			free_formats(o);
			free(o);
			return NULL;
		}
		spool_set_sync(o->spool, app->cfg->spool_sync);
		spool_set_meta(o->spool, app->src->dev, app->src->label, &app->src->layout);
		if (spool_set_owner(o->spool, o->name))
			log_warn("%s: cannot record the spool's URL in %s", o->name, dir);
	}
	return o;
}

void output_warn_foreign_spools(struct app *app)
{
	char dirs[CFG_MAX_OUTPUTS][600];
	const char *mine[CFG_MAX_OUTPUTS];
	unsigned int i;

	if (!app->cfg->spool_dir[0])
		return;
	for (i = 0; i < app->nout; i++) {
		spool_dir_for(app->cfg, app->out[i]->name, dirs[i], sizeof(dirs[i]));
		mine[i] = dirs[i];
	}
	spool_warn_foreign(app->cfg->spool_dir, mine, app->nout);
}

void output_free(struct output *o)
{
	if (!o)
		return;
	if (o->ops->destroy)
		o->ops->destroy(o);
	spool_close(o->spool);
	free_formats(o);
	sbuf_free(&o->tmp);
	sbuf_free(&o->pend);
	free(o);
}

void output_remove(struct output *o)
{
	queue_remove_consumer(&o->app->q, &o->cons);
	output_free(o);
}

uint64_t output_backlog(const struct output *o)
{
	uint64_t n = o->app->q.head - o->cons.tail;

	if (o->spool)
		n += spool_pending(o->spool);
	return n;
}

uint64_t output_dropped(const struct output *o)
{
	uint64_t n = o->cons.dropped + o->lost_at_exit + o->rejected;

	if (o->spool)
		n += spool_stats(o->spool)->dropped;
	return n;
}

static int add_record(struct sbuf *p, const char *rec, size_t len,
		      unsigned int n, enum batch_mode mode)
{
	if (mode == BM_JSON_ARRAY && n && sbuf_putc(p, ','))
		return -1;
	if (sbuf_append(p, rec, len))
		return -1;
	if (mode == BM_LINES && sbuf_putc(p, '\n'))
		return -1;
	return 0;
}

unsigned int output_next_batch(struct output *o, struct sbuf *payload,
			       struct batch *b, enum batch_mode mode,
			       size_t max_bytes)
{
	const struct queue *q = &o->app->q;
	unsigned int n = 0;

	memset(b, 0, sizeof(*b));
	sbuf_reset(payload);
	if (mode == BM_JSON_ARRAY)
		sbuf_putc(payload, '[');

	while (o->spool && n < o->batch_max) {
		if (!o->pend_valid) {
			struct spool_sample ss;

			if (spool_next(o->spool, &ss, &o->pend_pos) != 1)
				break;
			sbuf_reset(&o->pend);
			if (format_spooled(o, &ss, &o->pend))
				break;
			o->pend_valid = true;
		}
		if (max_bytes && n && payload->len + o->pend.len + 2 > max_bytes)
			break;
		if (add_record(payload, o->pend.p, o->pend.len, n, mode))
			break;
		b->end_pos = o->pend_pos;
		o->pend_valid = false;
		n++;
	}
	if (n) {
		b->from_spool = true;
	} else {
		if (o->next < o->cons.tail)
			o->next = o->cons.tail;
		while (n < o->batch_max && o->next < q->head) {
			sbuf_reset(&o->tmp);
			if (output_format(o, o->next, &o->tmp))
				break;
			if (max_bytes && n && payload->len + o->tmp.len + 2 > max_bytes)
				break;
			if (add_record(payload, o->tmp.p, o->tmp.len, n, mode))
				break;
			if (!n)
				b->t0 = entry_arrival(queue_at(q, o->next));
			o->next++;
			n++;
		}
		b->end_seq = o->next;
	}
	if (mode == BM_JSON_ARRAY)
		sbuf_putc(payload, ']');
	if (payload->oom) {
		log_err("%s: out of memory building a payload", o->name);
		output_rewind(o);
		return 0;
	}
	b->n = n;
	return n;
}

static void apply_ack(struct output *o, const struct batch *b)
{
	unsigned int i;

	if (b->from_spool)
		spool_commit(o->spool, &b->end_pos);
	else if (b->end_seq > o->cons.tail)
		o->cons.tail = b->end_seq;
	if (b->rejected) {
		o->rejected += b->n;
		return;
	}
	o->sent += b->n;
	if (b->t0) {
		double lat = (double)(now_real_ns() - b->t0) / 1e9;

		for (i = 0; i < LAT_BUCKETS && lat > lat_bounds[i]; i++)
			;
		o->lat_count[i]++;
		o->lat_sum += lat;
		o->lat_n++;
	}
}

void output_ack_now(struct output *o, const struct batch *b)
{
	apply_ack(o, b);
}

struct batch *output_track(struct output *o, const struct batch *b)
{
	struct batch *slot;

	if (o->infl_n >= MAX_INFLIGHT)
		return NULL;
	slot = &o->infl[(o->infl_head + o->infl_n++) % MAX_INFLIGHT];
	*slot = *b;
	return slot;
}

static void mark_mid(struct output *o, int mid, bool rejected)
{
	unsigned int i;

	for (i = 0; i < o->infl_n; i++) {
		struct batch *b = &o->infl[(o->infl_head + i) % MAX_INFLIGHT];

		if (b->mid == mid && !b->acked) {
			b->acked = true;
			b->rejected = rejected;
			break;
		}
	}
	while (o->infl_n && o->infl[o->infl_head].acked) {
		apply_ack(o, &o->infl[o->infl_head]);
		o->infl_head = (o->infl_head + 1) % MAX_INFLIGHT;
		o->infl_n--;
	}
}

void output_ack_mid(struct output *o, int mid)
{
	mark_mid(o, mid, false);
}

void output_reject_mid(struct output *o, int mid)
{
	mark_mid(o, mid, true);
}

void output_rewind(struct output *o)
{
	o->infl_n = 0;
	o->infl_head = 0;
	o->next = o->cons.tail;
	if (o->spool) {
		spool_rewind(o->spool);
		o->pend_valid = false;
	}
}

void output_final_spill(struct output *o)
{
	struct queue *q = &o->app->q;
	uint64_t seq, lost = 0, dropped;

	if (o->spool) {
		output_rewind(o);
		dropped = spool_stats(o->spool)->dropped;
		for (seq = o->cons.tail; seq < q->head; seq++) {
			const void *e = queue_at(q, seq);

			if (!e || spool_put(o->spool, seq, entry_rec(e), entry_time(e)))
				lost++;
		}
		spool_flush(o->spool);	/* a failed write is counted there */
		dropped = spool_stats(o->spool)->dropped - dropped;
		if (q->head > o->cons.tail)
			log_info("%s: %" PRIu64 " undelivered samples kept in the spool",
				 o->name, q->head - o->cons.tail - lost - dropped);
	} else {
		lost = q->head - o->cons.tail;
	}
	if (lost) {
		log_warn("%s: %" PRIu64 " samples not delivered at exit", o->name, lost);
		o->lost_at_exit += lost;
	}
	o->cons.tail = q->head;
	o->next = q->head;
}

void output_schedule_retry(struct output *o, const char *why)
{
	unsigned int ms = backoff_next(&o->bo);

	o->retry_ns = now_mono_ns() + (uint64_t)ms * 1000000ull;
	log_warn("%s: %s; retrying in %u ms", o->name, why, ms);
}

void output_discard(struct output *o)
{
	uint64_t head = o->app->q.head;

	if (head > o->cons.tail)
		o->cons.dropped += head - o->cons.tail;
	o->cons.tail = head;
	o->next = head;
}

void output_kill(struct output *o, const char *why)
{
	log_err("%s: %s; giving this output up", o->name, why);
	o->dead = true;
	o->connected = false;
	output_rewind(o);
	output_discard(o);
}
