// SPDX-License-Identifier: GPL-2.0
/*
 * MQTT output on libmosquitto, driven by our event loop: the socket is
 * registered with EPOLLIN (EPOLLOUT only while mosquitto_want_write()),
 * loop_read/loop_write on events, loop_misc on the tick. Each connection
 * gets a fresh client object, so nothing is retransmitted behind our back:
 * whatever was not acknowledged (QoS 1 PUBACK, or QoS 0 written) is
 * published again from the queue after reconnecting.
 */
#include <errno.h>
#include <inttypes.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "output.h"
#include "resolve.h"
#include "util.h"

#define CONNECT_TIMEOUT_NS	(10ull * 1000000000ull)

enum mq_state { MQ_IDLE, MQ_CONNECTING, MQ_UP, MQ_CLOSING, MQ_CLOSED };

struct mqtt_priv {
	struct mosquitto *mosq;
	int fd;
	enum mq_state state;
	bool lost;			/* set by callbacks, handled after */
	bool ever_connected;
	uint64_t connect_ns;
	int status_mid;
	bool status_acked;
	char topic_data[512];
	char topic_status[512];
	char client_id[URL_NAME_LEN];
	struct sbuf payload;
	struct resolve *res;
	bool resolving;
	unsigned int attempt;		/* picks the address after a failure */
	mosquitto_property *pub_props;	/* MQTT 5: message expiry */
	unsigned int nsplit;		/* {channel} topic: values, else 0 */
	char **topic_chan;		/* per value */
	struct sbuf *parts;		/* per value: the payload being built */
	int logged_reason;		/* MQTT 5 refusals: logged once per code */
	uint64_t rejected_since_log;
};

static void mq_events(struct output *o);

static void on_connect(struct mosquitto *m, void *obj, int rc)
{
	struct output *o = obj;
	struct mqtt_priv *p = o->priv;

	if (rc) {
		log_warn("%s: connection refused: %s", o->name, o->url.proto == 5 ?
			 mosquitto_reason_string(rc) : mosquitto_connack_string(rc));
		o->errors++;
		p->lost = true;
		return;
	}
	p->state = MQ_UP;
	p->attempt = 0;
	o->connected = true;
	if (p->ever_connected)
		o->reconnects++;
	p->ever_connected = true;
	backoff_reset(&o->bo);
	log_info("%s: connected", o->name);
	output_rewind(o);
	mosquitto_publish(m, &p->status_mid, p->topic_status, 6, "online", 1, true);
}

static void on_disconnect(struct mosquitto *m, void *obj, int rc)
{
	struct output *o = obj;
	struct mqtt_priv *p = o->priv;

	(void)m;
	if (p->state == MQ_CLOSING) {
		p->state = MQ_CLOSED;
		return;
	}
	if (rc)
		p->lost = true;
}

static void on_publish(struct mosquitto *m, void *obj, int mid)
{
	struct output *o = obj;
	struct mqtt_priv *p = o->priv;

	(void)m;
	if (p->state == MQ_CLOSING && mid == p->status_mid) {
		p->status_acked = true;
		return;
	}
	if (mid == p->status_mid)
		return;
	output_ack_mid(o, mid);
}

/*
 * MQTT 5: a PUBACK carries a reason code; 0x80 and above (not authorized,
 * quota exceeded, payload format invalid...) mean the broker refused the
 * message: counted as rejected, not sent again.
 */
static void on_publish_v5(struct mosquitto *m, void *obj, int mid, int reason,
			  const mosquitto_property *props)
{
	struct output *o = obj;
	struct mqtt_priv *p = o->priv;
	unsigned int i;

	(void)props;
	if (reason < 0x80 || mid == p->status_mid) {
		on_publish(m, obj, mid);
		return;
	}
	for (i = 0; i < o->infl_n; i++) {
		const struct batch *b = &o->infl[(o->infl_head + i) % MAX_INFLIGHT];

		if (b->mid == mid)
			p->rejected_since_log += b->n;
	}
	o->errors++;
	if (reason != p->logged_reason) {
		log_err("%s: the broker refused a message: %s (reason 0x%02x); %" PRIu64
			" samples rejected (dropped, not sent again)", o->name,
			mosquitto_reason_string(reason), reason, p->rejected_since_log);
		p->logged_reason = reason;
		p->rejected_since_log = 0;
	}
	output_reject_mid(o, mid);
}

/*
 * libmosquitto's own errors: for TLS the reason behind "A TLS error
 * occurred" (OpenSSL's, e.g. "certificate verify failed").
 */
static void on_log(struct mosquitto *m, void *obj, int level, const char *str)
{
	struct output *o = obj;

	(void)m;
	if (level & MOSQ_LOG_ERR)
		log_warn("%s: %s", o->name, str);
}

static void mq_drop_client(struct output *o)
{
	struct mqtt_priv *p = o->priv;

	if (p->fd >= 0)
		ev_del(o->app->ev, p->fd);
	p->fd = -1;
	if (p->mosq)
		mosquitto_destroy(p->mosq);	/* closes the socket */
	p->mosq = NULL;
}

static void mq_lost(struct output *o, const char *why)
{
	struct mqtt_priv *p = o->priv;

	mq_drop_client(o);
	if (p->state == MQ_CONNECTING)
		p->attempt++;		/* the next address, if there are more */
	p->lost = false;
	o->connected = false;
	p->state = MQ_IDLE;
	output_rewind(o);
	output_schedule_retry(o, why);
}

static void mq_fd_cb(struct evloop *l, int fd, uint32_t events, void *data)
{
	struct output *o = data;
	struct mqtt_priv *p = o->priv;
	int rc = MOSQ_ERR_SUCCESS;

	(void)l;
	(void)fd;
	if (!p->mosq)
		return;
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
		rc = mosquitto_loop_read(p->mosq, 1);
	if (rc == MOSQ_ERR_SUCCESS && (events & EPOLLOUT))
		rc = mosquitto_loop_write(p->mosq, 1);
	if (p->state == MQ_CLOSED)
		return;
	if (rc != MOSQ_ERR_SUCCESS || p->lost) {
		if (p->state == MQ_CLOSING) {
			p->state = MQ_CLOSED;
			return;
		}
		mq_lost(o, rc != MOSQ_ERR_SUCCESS ? mosquitto_strerror(rc) : "disconnected");
		return;
	}
	o->ops->pump(o);
}

/* (Re-)register the socket: it changes with every connection. */
static void mq_events(struct output *o)
{
	struct mqtt_priv *p = o->priv;
	int fd = p->mosq ? mosquitto_socket(p->mosq) : -1;
	uint32_t ev;

	if (fd != p->fd) {
		if (p->fd >= 0)
			ev_del(o->app->ev, p->fd);
		p->fd = -1;
		if (fd < 0)
			return;
		if (ev_add(o->app->ev, fd, EPOLLIN, mq_fd_cb, o))
			return;
		p->fd = fd;
	}
	if (p->fd < 0)
		return;
	ev = EPOLLIN | (mosquitto_want_write(p->mosq) ? EPOLLOUT : 0);
	ev_mod(o->app->ev, p->fd, ev);
}

/*
 * The address to connect to: without TLS, looked up off the loop
 * (resolve.h) and handed to libmosquitto as a number, whose own lookup
 * would block; with TLS the certificate is checked against the name
 * libmosquitto connects to, so the name goes to it (and its lookup
 * blocks). 1 = addr set, 0 = still looking up, -1 = failed (why set).
 */
static int mq_address(struct output *o, char *addr, size_t len, const char **why)
{
	struct mqtt_priv *p = o->priv;
	struct addrinfo *res, *ai;
	unsigned int n = 0, i;
	int ret;

	if (o->url.tls) {
		snprintf(addr, len, "%s", o->url.host);
		return 1;
	}
	ret = resolve_poll(p->res, o->url.host, o->url.port, SOCK_STREAM, &res, why);
	if (ret == 0) {
		if (!p->resolving)
			log_info("%s: looking up %s", o->name, o->url.host);
		p->resolving = true;
		return 0;
	}
	p->resolving = false;
	if (ret < 0)
		return -1;
	for (ai = res; ai; ai = ai->ai_next)
		n++;
	for (ai = res, i = 0; ai && i < p->attempt % n; ai = ai->ai_next)
		i++;
	ret = getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, (socklen_t)len, NULL, 0,
			  NI_NUMERICHOST);
	freeaddrinfo(res);
	if (ret) {
		*why = gai_strerror(ret);
		return -1;
	}
	return 1;
}

static void mq_connect(struct output *o)
{
	struct mqtt_priv *p = o->priv;
	const struct out_url *u = &o->url;
	char addr[URL_HOST_LEN];
	const char *why = NULL;
	int rc;

	rc = mq_address(o, addr, sizeof(addr), &why);
	if (rc == 0)
		return;		/* looking up: the tick asks again */
	if (rc < 0) {
		o->errors++;
		p->attempt++;
		output_schedule_retry(o, why);
		return;
	}
	p->mosq = mosquitto_new(p->client_id, true, o);
	if (!p->mosq) {
		output_schedule_retry(o, "mosquitto_new failed");
		return;
	}
	mosquitto_int_option(p->mosq, MOSQ_OPT_PROTOCOL_VERSION,
			     u->proto == 5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
	mosquitto_max_inflight_messages_set(p->mosq, 0);
	mosquitto_connect_callback_set(p->mosq, on_connect);
	mosquitto_disconnect_callback_set(p->mosq, on_disconnect);
	if (u->proto == 5)
		mosquitto_publish_v5_callback_set(p->mosq, on_publish_v5);
	else
		mosquitto_publish_callback_set(p->mosq, on_publish);
	mosquitto_log_callback_set(p->mosq, on_log);
	if (u->has_user)
		mosquitto_username_pw_set(p->mosq, u->user, u->has_pass ? u->pass : NULL);
	mosquitto_will_set(p->mosq, p->topic_status, 7, "offline", 1, true);
	if (u->tls) {
		rc = mosquitto_tls_set(p->mosq, u->ca[0] ? u->ca : NULL,
				       u->ca[0] ? NULL : "/etc/ssl/certs",
				       u->cert[0] ? u->cert : NULL,
				       u->key[0] ? u->key : NULL, NULL);
		if (rc == MOSQ_ERR_SUCCESS && u->insecure)
			rc = mosquitto_tls_insecure_set(p->mosq, true);
		if (rc != MOSQ_ERR_SUCCESS) {
			log_err("%s: TLS setup: %s", o->name, mosquitto_strerror(rc));
			mq_lost(o, "TLS setup failed");
			return;
		}
	}
	p->state = MQ_CONNECTING;
	p->connect_ns = now_mono_ns();
	rc = mosquitto_connect_async(p->mosq, addr, (int)u->port, (int)u->keepalive);
	if (rc != MOSQ_ERR_SUCCESS) {
		o->errors++;
		mq_lost(o, rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
		return;
	}
	mq_events(o);
}

/*
 * A topic from its template (topic=, status-topic=), by default
 * PREFIX/{dev}/LEAF (DESIGN.md), expanded for this device.
 */
static int mq_topic(struct output *o, const char *tpl, const char *leaf,
		    const char *channel, char *topic, size_t len, char *err, size_t errlen)
{
	char def[URL_NAME_LEN + 32];

	if (!tpl[0]) {
		snprintf(def, sizeof(def), "%s/{dev}/%s", o->url.prefix, leaf);
		tpl = def;
	}
	if (output_expand(o, tpl, channel, topic, len)) {
		snprintf(err, errlen, "%s: topic '%s' too long when expanded", o->name, tpl);
		return -1;
	}
	if (strpbrk(topic, "+#")) {
		snprintf(err, errlen, "%s: topic '%s' holds a wildcard ('+' or '#')",
			 o->name, topic);
		return -1;
	}
	log_debug("%s: %s topic %s", o->name, leaf, topic);
	return 0;
}

static int mq_start(struct output *o, char *err, size_t errlen)
{
	static unsigned int nclients;
	struct mqtt_priv *p = calloc(1, sizeof(*p));

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	o->priv = p;
	p->fd = -1;
	p->status_mid = -1;
	p->res = resolve_get();
	if (!p->res) {
		snprintf(err, errlen, "%s: no resolver slot left", o->name);
		return -ENOMEM;
	}
	if (mq_topic(o, o->url.topic, "accel", NULL, p->topic_data, sizeof(p->topic_data),
		     err, errlen) ||
	    mq_topic(o, o->url.status_topic, "status", NULL, p->topic_status,
		     sizeof(p->topic_status), err, errlen))
		return -EINVAL;
	if (o->split_channels) {
		const struct scan_layout *l = &o->app->src->layout;
		unsigned int v;

		if (l->nvalues > MAX_INFLIGHT) {
			snprintf(err, errlen, "%s: {channel} in the topic: too many channels (%u, max %d)",
				 o->name, l->nvalues, MAX_INFLIGHT);
			return -EINVAL;
		}
		p->topic_chan = calloc(l->nvalues, sizeof(*p->topic_chan));
		p->parts = calloc(l->nvalues, sizeof(*p->parts));
		if (!p->topic_chan || !p->parts) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		p->nsplit = l->nvalues;
		for (v = 0; v < l->nvalues; v++) {
			char t[512];

			if (mq_topic(o, o->url.topic, "accel", l->val[v].key, t, sizeof(t),
				     err, errlen))
				return -EINVAL;
			p->topic_chan[v] = strdup(t);
			if (!p->topic_chan[v]) {
				snprintf(err, errlen, "out of memory");
				return -ENOMEM;
			}
		}
	}
	if (o->url.message_expiry &&
	    mosquitto_property_add_int32(&p->pub_props, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL,
					 o->url.message_expiry) != MOSQ_ERR_SUCCESS) {
		snprintf(err, errlen, "%s: cannot set the message expiry", o->name);
		return -ENOMEM;
	}
	if (o->url.client_id[0])
		snprintf(p->client_id, sizeof(p->client_id), "%s", o->url.client_id);
	else if (!nclients++)
		snprintf(p->client_id, sizeof(p->client_id), "iiofwd-%.40s-%d",
			 o->app->src->dev, (int)getpid());
	else	/* two outputs with one id would take the broker's session from each other */
		snprintf(p->client_id, sizeof(p->client_id), "iiofwd-%.40s-%d-%u",
			 o->app->src->dev, (int)getpid(), nclients);
	if (o->url.tls) {
		const char *files[] = { o->url.ca, o->url.cert, o->url.key };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(files); i++) {
			if (files[i][0] && access(files[i], R_OK)) {
				snprintf(err, errlen, "%s: %s: %s", o->name, files[i],
					 strerror(errno));
				return -errno;
			}
		}
	}
	mq_connect(o);
	return 0;
}

static int mq_publish(struct output *o, struct batch *b, const char *topic,
		      const struct sbuf *payload)
{
	struct mqtt_priv *p = o->priv;
	struct batch *slot = output_track(o, b);

	if (o->url.proto == 5)
		return mosquitto_publish_v5(p->mosq, &slot->mid, topic, (int)payload->len,
					    payload->p, o->url.qos, false, p->pub_props);
	return mosquitto_publish(p->mosq, &slot->mid, topic, (int)payload->len,
				 payload->p, o->url.qos, false);
}

/*
 * {channel} in the topic: the batch's records (one per line, a part per
 * value between SPLIT_SEP) become one message per value. The messages
 * but the last carry no samples and no queue position, so that the batch
 * counts as delivered, in order, once all of them are acknowledged.
 */
static int mq_publish_split(struct output *o, struct batch *b)
{
	struct mqtt_priv *p = o->priv;
	bool json = o->fmt == FMT_JSON;
	const char *line = p->payload.p, *end = p->payload.p + p->payload.len;
	unsigned int v;
	int rc;

	for (v = 0; v < p->nsplit; v++) {
		sbuf_reset(&p->parts[v]);
		if (json)
			sbuf_putc(&p->parts[v], '[');
	}
	/* a record spooled before the topic had {channel} goes whole to the first */
	while (line < end) {
		const char *eol = memchr(line, '\n', (size_t)(end - line)), *part = line;

		if (!eol)
			eol = end;
		for (v = 0; v < p->nsplit && part <= eol; v++) {
			const char *sep = memchr(part, SPLIT_SEP, (size_t)(eol - part));

			if (!sep)
				sep = eol;
			if (p->parts[v].len > (json ? 1u : 0u))
				sbuf_putc(&p->parts[v], json ? ',' : '\n');
			sbuf_append(&p->parts[v], part, (size_t)(sep - part));
			part = sep + 1;
		}
		line = eol + 1;
	}
	for (v = 0; v < p->nsplit; v++) {
		struct batch part_b = *b;

		if (json)
			sbuf_putc(&p->parts[v], ']');
		if (p->parts[v].oom)
			return MOSQ_ERR_NOMEM;
		if (v + 1 < p->nsplit) {
			part_b.n = 0;
			part_b.end_seq = 0;
			part_b.from_spool = false;
			part_b.t0 = 0;
		}
		rc = mq_publish(o, &part_b, p->topic_chan[v], &p->parts[v]);
		if (rc != MOSQ_ERR_SUCCESS)
			return rc;
	}
	return MOSQ_ERR_SUCCESS;
}

static void mq_pump(struct output *o)
{
	struct mqtt_priv *p = o->priv;
	struct batch b;
	int rc;

	if (p->state != MQ_UP || !p->mosq)
		return;
	while (o->infl_n + (p->nsplit ? p->nsplit : 1) <= MAX_INFLIGHT) {
		if (!output_next_batch(o, &p->payload, &b,
				       o->fmt == FMT_JSON && !p->nsplit ? BM_JSON_ARRAY : BM_LINES,
				       0))
			break;
		if ((o->fmt != FMT_JSON || p->nsplit) && p->payload.len)
			p->payload.len--;	/* no trailing newline */
		if (p->nsplit)
			rc = mq_publish_split(o, &b);
		else
			rc = mq_publish(o, &b, p->topic_data, &p->payload);
		if (rc != MOSQ_ERR_SUCCESS) {
			o->errors++;
			mq_lost(o, mosquitto_strerror(rc));
			return;
		}
	}
	mq_events(o);
}

static void mq_tick(struct output *o, uint64_t now)
{
	struct mqtt_priv *p = o->priv;

	if (!p)
		return;
	if (!p->mosq) {
		if (p->state == MQ_IDLE && now >= o->retry_ns)
			mq_connect(o);
		return;
	}
	if (p->state == MQ_CONNECTING && now - p->connect_ns > CONNECT_TIMEOUT_NS) {
		o->errors++;
		mq_lost(o, "connect timed out");
		return;
	}
	if (p->state == MQ_CLOSED)
		return;
	if (mosquitto_loop_misc(p->mosq) != MOSQ_ERR_SUCCESS && p->state == MQ_UP) {
		mq_lost(o, "keepalive failed");
		return;
	}
	if (p->lost) {
		mq_lost(o, "disconnected");
		return;
	}
	if (p->state == MQ_CLOSING && p->status_acked && !mosquitto_want_write(p->mosq)) {
		mosquitto_disconnect(p->mosq);
		p->state = MQ_CLOSED;
		return;
	}
	mq_events(o);
}

static void mq_shutdown(struct output *o)
{
	struct mqtt_priv *p = o->priv;

	if (!p || p->state != MQ_UP) {
		if (p)
			p->state = MQ_CLOSED;
		return;
	}
	p->state = MQ_CLOSING;
	p->status_acked = false;
	/* a clean disconnect suppresses the will: say offline ourselves */
	if (mosquitto_publish(p->mosq, &p->status_mid, p->topic_status, 7, "offline",
			      1, true) != MOSQ_ERR_SUCCESS)
		p->state = MQ_CLOSED;
	mq_events(o);
}

static bool mq_closed(struct output *o)
{
	struct mqtt_priv *p = o->priv;

	return !p || p->state != MQ_CLOSING;
}

static void mq_destroy(struct output *o)
{
	struct mqtt_priv *p = o->priv;
	unsigned int i;

	if (!p)
		return;
	mq_drop_client(o);
	mosquitto_property_free_all(&p->pub_props);
	for (i = 0; i < p->nsplit; i++) {
		free(p->topic_chan[i]);
		sbuf_free(&p->parts[i]);
	}
	free(p->topic_chan);
	free(p->parts);
	resolve_put(p->res);
	sbuf_free(&p->payload);
	free(p);
	o->priv = NULL;
}

const struct output_ops out_mqtt_ops = {
	.start = mq_start,
	.pump = mq_pump,
	.tick = mq_tick,
	.shutdown = mq_shutdown,
	.closed = mq_closed,
	.destroy = mq_destroy,
};
