// SPDX-License-Identifier: GPL-2.0
/*
 * InfluxDB v2 HTTP API output: POST /api/v2/write?org=&bucket=&precision=ns
 * with a batch of line-protocol lines, "Authorization: Token ..." when a
 * token is configured. One request at a time on a kept-alive connection,
 * on our event loop (non-blocking socket, name looked up off the loop):
 *
 *  - 2xx (204): the batch is delivered (acknowledged);
 *  - 429, 5xx, 408, a connection lost or no response within
 *    HTTP_RESPONSE_TIMEOUT: the connection is closed, the batch stays
 *    queued (or spooled) and is sent again after the backoff;
 *  - any other status (400 bad line protocol, 401/403 token, 404 bucket,
 *    413 too large): the batch is rejected: dropped, counted in
 *    "rejected", logged with the server's message, not retried.
 *
 * The connection is opened when there is something to send.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"
#include "log.h"
#include "output.h"
#include "resolve.h"
#include "util.h"

#define HTTP_CONNECT_TIMEOUT_NS		(10ull * 1000000000ull)
#define HTTP_RESPONSE_TIMEOUT_NS	(10ull * 1000000000ull)
#define HTTP_LOG_EVERY_NS		(60ull * 1000000000ull)

enum http_state { H_IDLE, H_CONNECTING, H_READY, H_SENDING, H_WAITING };

struct http_priv {
	int fd;
	enum http_state st;
	struct resolve *res;
	bool resolving;
	bool ever_connected;
	struct sbuf body, req, resp;
	size_t off;
	struct batch b;
	bool have_batch;
	uint64_t t_ns;			/* connect or request start */
	char target[3 * 2 * URL_NAME_LEN + 64];	/* /api/v2/write?... */
	char host_hdr[URL_HOST_LEN + 16];
	int logged_status;
	uint64_t logged_ns;
	uint64_t rejected_since_log;
};

static void http_pump(struct output *o);

/* Percent-encode s for a query value: unreserved characters as they are. */
static void qencode(char *dst, size_t size, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s && o + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			dst[o++] = (char)c;
		} else {
			dst[o++] = '%';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		}
	}
	dst[o] = '\0';
}

static void h_close(struct output *o)
{
	struct http_priv *p = o->priv;

	if (p->fd >= 0) {
		ev_del(o->app->ev, p->fd);
		close(p->fd);
	}
	p->fd = -1;
	p->st = H_IDLE;
	o->connected = false;
	sbuf_reset(&p->resp);
}

/* Connection lost or the server asked to retry: resend after the backoff. */
static void h_retry(struct output *o, const char *why)
{
	struct http_priv *p = o->priv;

	h_close(o);
	o->errors++;
	p->have_batch = false;
	output_rewind(o);
	output_schedule_retry(o, why);
}

/* The response's body, cut and made printable, for a log line. */
static void body_excerpt(const struct http_priv *p, size_t hdr_len, char *out, size_t len)
{
	size_t i, n = 0;

	for (i = hdr_len; i < p->resp.len && n + 1 < len && n < 200; i++) {
		char c = p->resp.p[i];

		out[n++] = c >= 0x20 && c < 0x7f ? c : ' ';
	}
	out[n] = '\0';
}

static void h_response(struct output *o, const struct http_response *r)
{
	struct http_priv *p = o->priv;
	char msg[256], why[300];
	int status = r->status;
	size_t hdr_len = r->hdr_len;

	if (status >= 200 && status < 300) {
		output_ack_now(o, &p->b);
		p->have_batch = false;
		backoff_reset(&o->bo);
		if (p->logged_status) {
			log_info("%s: HTTP %d: writes accepted again", o->name, status);
			p->logged_status = 0;
		}
	} else if (status == 429 || status == 408 || status >= 500) {
		body_excerpt(p, hdr_len, msg, sizeof(msg));
		snprintf(why, sizeof(why), "HTTP %d %s", status, msg);
		h_retry(o, why);
		/* the server's Retry-After, if later than the backoff (at most 5 min) */
		if (r->retry_after) {
			uint64_t at = now_mono_ns() +
				(uint64_t)(r->retry_after < 300 ? r->retry_after : 300) * 1000000000ull;

			if (at > o->retry_ns) {
				o->retry_ns = at;
				log_info("%s: the server asks to retry after %u s", o->name,
					 r->retry_after);
			}
		}
		return;
	} else {
		uint64_t now = now_mono_ns();

		/* refused for good: dropped and counted, not sent again */
		o->rejected += p->b.n;
		o->errors++;
		p->rejected_since_log += p->b.n;
		if (status != p->logged_status || now - p->logged_ns > HTTP_LOG_EVERY_NS) {
			body_excerpt(p, hdr_len, msg, sizeof(msg));
			log_err("%s: HTTP %d: %s; %" PRIu64 " samples rejected (dropped, not "
				"sent again)", o->name, status, msg, p->rejected_since_log);
			p->logged_status = status;
			p->logged_ns = now;
			p->rejected_since_log = 0;
		}
		p->b.n = 0;
		output_ack_now(o, &p->b);
		p->have_batch = false;
	}
	if (r->keep) {
		p->st = H_READY;
		sbuf_reset(&p->resp);
	} else {
		h_close(o);
	}
}

static void h_send(struct output *o)
{
	struct http_priv *p = o->priv;

	while (p->off < p->req.len) {
		ssize_t n = send(p->fd, p->req.p + p->off, p->req.len - p->off, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				ev_mod(o->app->ev, p->fd, EPOLLIN | EPOLLOUT);
				return;
			}
			h_retry(o, strerror(errno));
			return;
		}
		p->off += (size_t)n;
	}
	p->st = H_WAITING;
	p->t_ns = now_mono_ns();
	ev_mod(o->app->ev, p->fd, EPOLLIN);
}

static void h_cb(struct evloop *l, int fd, uint32_t events, void *data)
{
	struct output *o = data;
	struct http_priv *p = o->priv;

	(void)l;
	if (p->st == H_CONNECTING && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
		int err = 0;
		socklen_t len = sizeof(err);

		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err) {
			h_retry(o, strerror(err));
			return;
		}
		p->st = H_READY;
		o->connected = true;
		if (p->ever_connected)
			o->reconnects++;
		p->ever_connected = true;
		log_info("%s: connected", o->name);
		ev_mod(o->app->ev, fd, EPOLLIN);
	}
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
		for (;;) {
			struct http_response r;
			ssize_t n;
			bool eof = false;
			int ret;

			if (sbuf_reserve(&p->resp, 4096)) {
				h_retry(o, "out of memory");
				return;
			}
			n = read(fd, p->resp.p + p->resp.len, p->resp.cap - p->resp.len - 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN)
				break;
			if (n < 0) {
				h_retry(o, strerror(errno));
				return;
			}
			if (n == 0)
				eof = true;
			p->resp.len += (size_t)n;
			p->resp.p[p->resp.len] = '\0';
			if (p->st != H_WAITING) {
				if (eof && p->st == H_READY) {
					/* the server closed an idle connection */
					log_debug("%s: idle connection closed by the server", o->name);
					h_close(o);
					return;
				}
				if (eof || p->resp.len) {
					h_retry(o, eof ? "connection closed" : "unexpected data from the server");
					return;
				}
				continue;
			}
			ret = http_parse_response(p->resp.p, p->resp.len, eof, &r);
			if (ret < 0) {
				h_retry(o, eof ? "connection closed before a response" :
					"malformed HTTP response");
				return;
			}
			if (ret == 1) {
				h_response(o, &r);
				if (p->st == H_IDLE)
					return;
				break;
			}
			if (eof) {
				h_retry(o, "connection closed before a response");
				return;
			}
		}
	}
	if (p->st == H_SENDING && (events & EPOLLOUT))
		h_send(o);
	http_pump(o);
}

static void h_connect(struct output *o)
{
	struct http_priv *p = o->priv;
	int ret;

	ret = net_open(o, p->res, &p->resolving, SOCK_STREAM, &p->fd);
	if (ret == -EAGAIN)
		return;		/* looking up: the tick polls again */
	if (ret < 0) {
		o->errors++;
		output_schedule_retry(o, strerror(-ret));
		return;
	}
	p->st = H_CONNECTING;
	p->t_ns = now_mono_ns();
	if (ev_add(o->app->ev, p->fd, EPOLLOUT | EPOLLIN, h_cb, o)) {
		h_retry(o, "cannot watch socket");
		return;
	}
	/* connected or not yet: the callback sees EPOLLOUT either way */
}

static void http_pump(struct output *o)
{
	struct http_priv *p = o->priv;
	const struct out_url *u = &o->url;

	if (!p || p->st != H_READY)
		return;
	if (!p->have_batch) {
		if (!output_next_batch(o, &p->body, &p->b, BM_LINES, 0))
			return;
		p->have_batch = true;
	}
	sbuf_reset(&p->req);
	sbuf_printf(&p->req, "POST %s HTTP/1.1\r\nHost: %s\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Length: %zu\r\nUser-Agent: iiofwd\r\n",
		    p->target, p->host_hdr, p->body.len);
	if (u->token[0])
		sbuf_printf(&p->req, "Authorization: Token %s\r\n", u->token);
	sbuf_append(&p->req, "\r\n", 2);
	sbuf_append(&p->req, p->body.p, p->body.len);
	if (p->req.oom) {
		h_retry(o, "out of memory");
		return;
	}
	p->off = 0;
	p->st = H_SENDING;
	h_send(o);
}

static void http_tick(struct output *o, uint64_t now)
{
	struct http_priv *p = o->priv;

	if (!p)
		return;
	if (p->st == H_IDLE) {
		if (now >= o->retry_ns && (p->have_batch || output_backlog(o)))
			h_connect(o);
		return;
	}
	if (p->st == H_CONNECTING && now - p->t_ns > HTTP_CONNECT_TIMEOUT_NS) {
		h_retry(o, "connect timed out");
		return;
	}
	if (p->st == H_WAITING && now - p->t_ns > HTTP_RESPONSE_TIMEOUT_NS) {
		h_retry(o, "no response within 10 s");
		return;
	}
	http_pump(o);
}

static int http_start(struct output *o, char *err, size_t errlen)
{
	struct http_priv *p = calloc(1, sizeof(*p));
	char org[3 * URL_NAME_LEN], bucket[3 * URL_NAME_LEN];

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	p->fd = -1;
	o->priv = p;
	p->res = resolve_get();
	if (!p->res) {
		snprintf(err, errlen, "%s: no resolver slot left", o->name);
		return -ENOMEM;
	}
	qencode(org, sizeof(org), o->url.org);
	qencode(bucket, sizeof(bucket), o->url.bucket);
	snprintf(p->target, sizeof(p->target), "/api/v2/write?%s%s%sbucket=%s&precision=ns",
		 org[0] ? "org=" : "", org, org[0] ? "&" : "", bucket);
	snprintf(p->host_hdr, sizeof(p->host_hdr), strchr(o->url.host, ':') ? "[%s]:%u" : "%s:%u",
		 o->url.host, o->url.port);
	return 0;
}

static void http_shutdown(struct output *o)
{
	(void)o;
}

static bool http_closed(struct output *o)
{
	(void)o;
	return true;
}

static void http_destroy(struct output *o)
{
	struct http_priv *p = o->priv;

	if (!p)
		return;
	h_close(o);
	resolve_put(p->res);
	sbuf_free(&p->body);
	sbuf_free(&p->req);
	sbuf_free(&p->resp);
	explicit_bzero(o->url.token, sizeof(o->url.token));
	free(p);
	o->priv = NULL;
}

const struct output_ops out_http_ops = {
	.start = http_start,
	.pump = http_pump,
	.tick = http_tick,
	.shutdown = http_shutdown,
	.closed = http_closed,
	.destroy = http_destroy,
};
