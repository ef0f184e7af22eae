// SPDX-License-Identifier: GPL-2.0
/*
 * InfluxDB line protocol over TCP (a stream of lines; a batch counts as
 * delivered once the server's TCP stack has acknowledged its last byte,
 * seen through SIOCOUTQ) and UDP (datagrams under 1,400 bytes).
 *
 * A silent link loss (cable, NAT timeout, peer powered off) is detected by
 * TCP_USER_TIMEOUT while data is unacknowledged and by keepalive probes
 * while idle; a connect that does not complete is given up after
 * IX_CONNECT_TIMEOUT. Batches not yet acknowledged are sent again after
 * reconnecting.
 */
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "output.h"
#include "resolve.h"
#include "util.h"

#define UDP_MAX_DATAGRAM 1400
#define IX_CONNECT_TIMEOUT_NS	(10ull * 1000000000ull)
#define IX_USER_TIMEOUT_MS	10000	/* unacknowledged data: give up */
#define IX_KEEPIDLE_S		5	/* idle: probe after 5 s, */
#define IX_KEEPINTVL_S		2	/* every 2 s, */
#define IX_KEEPCNT		3	/* 3 unanswered: gone (11 s) */

struct influx_priv {
	int fd;
	bool connecting;
	bool have_batch;
	struct batch b;
	struct sbuf payload;
	size_t off;
	uint64_t connect_ns;
	uint64_t written;		/* bytes written on this connection */
	int mid;
	struct resolve *res;
	bool resolving;
};

static void tcp_options(int fd)
{
	int one = 1, v;

	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	/*
	 * A batch is sent whole: no Nagle, which held small batches until
	 * the server's delayed ACK (~40 ms), and delivery is counted on
	 * that ACK with 32 batches in flight (t-backpressure.sh).
	 */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	v = IX_KEEPIDLE_S;
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof(v));
	v = IX_KEEPINTVL_S;
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof(v));
	v = IX_KEEPCNT;
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof(v));
	v = IX_USER_TIMEOUT_MS;
	setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &v, sizeof(v));
}

/*
 * Resolve (without blocking: resolve.h) and open a socket to the first
 * address that takes it. Returns 1 (connect in progress), 0 (connected),
 * -EAGAIN while the name is being looked up, or another -errno.
 */
int net_open(struct output *o, struct resolve *r, bool *resolving, int type,
	     int *fd_out)
{
	struct addrinfo *res, *ai;
	int fd = -1, ret, err = ECONNREFUSED, inprogress = 0;
	const char *why = NULL;

	ret = resolve_poll(r, o->url.host, o->url.port, type, &res, &why);
	if (ret == 0) {
		if (!*resolving)
			log_info("%s: looking up %s", o->name, o->url.host);
		*resolving = true;
		return -EAGAIN;
	}
	*resolving = false;
	if (ret < 0) {
		log_warn("%s: %s: %s", o->name, o->url.host, why);
		return -EHOSTUNREACH;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (type == SOCK_STREAM)
			tcp_options(fd);
		if (!connect(fd, ai->ai_addr, ai->ai_addrlen))
			break;
		if (errno == EINPROGRESS) {
			inprogress = 1;
			break;
		}
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return -err;
	*fd_out = fd;
	return inprogress;
}

static int open_socket(struct output *o, int type, int *fd_out)
{
	struct influx_priv *p = o->priv;

	return net_open(o, p->res, &p->resolving, type, fd_out);
}

static void ix_close(struct output *o)
{
	struct influx_priv *p = o->priv;

	if (p->fd >= 0) {
		ev_del(o->app->ev, p->fd);
		close(p->fd);
	}
	p->fd = -1;
	p->connecting = false;
	p->have_batch = false;
	o->connected = false;
}

static void ix_lost(struct output *o, const char *why)
{
	ix_close(o);
	o->errors++;
	output_rewind(o);
	output_schedule_retry(o, why);
}

static void tcp_flush(struct output *o);

static void tcp_cb(struct evloop *l, int fd, uint32_t events, void *data)
{
	struct output *o = data;
	struct influx_priv *p = o->priv;
	char buf[512];

	(void)l;
	if (p->connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
		int err = 0;
		socklen_t len = sizeof(err);

		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err) {
			ix_lost(o, strerror(err));
			return;
		}
		p->connecting = false;
		o->connected = true;
		if (o->reconnects || o->sent)
			o->reconnects++;
		backoff_reset(&o->bo);
		log_info("%s: connected", o->name);
		ev_mod(o->app->ev, fd, EPOLLIN);
	}
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
		ssize_t n = read(fd, buf, sizeof(buf));

		/* the server sends nothing: EOF or an error means it is gone */
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			ix_lost(o, n == 0 ? "connection closed" : strerror(errno));
			return;
		}
	}
	tcp_flush(o);
}

static void tcp_connect(struct output *o)
{
	struct influx_priv *p = o->priv;
	int ret;

	ret = open_socket(o, SOCK_STREAM, &p->fd);
	if (ret == -EAGAIN)
		return;		/* looked up: the tick polls again */
	if (ret < 0) {
		o->errors++;
		output_schedule_retry(o, strerror(-ret));
		return;
	}
	p->connecting = true;
	p->connect_ns = now_mono_ns();
	p->written = 0;
	if (ev_add(o->app->ev, p->fd, EPOLLOUT | EPOLLIN, tcp_cb, o)) {
		ix_lost(o, "cannot watch socket");
		return;
	}
}

/* Acknowledge, in order, the batches whose bytes the peer has ACKed. */
static void tcp_acks(struct output *o)
{
	struct influx_priv *p = o->priv;
	int outq = 0;

	if (p->fd < 0 || !o->connected || !o->infl_n)
		return;
	if (ioctl(p->fd, SIOCOUTQ, &outq) || outq < 0)
		return;
	while (o->infl_n) {
		const struct batch *b = &o->infl[o->infl_head];

		if (b->end_off > p->written - (uint64_t)outq)
			break;
		output_ack_mid(o, b->mid);
	}
}

static void tcp_flush(struct output *o)
{
	struct influx_priv *p = o->priv;

	while (o->connected) {
		if (!p->have_batch) {
			tcp_acks(o);
			if (o->infl_n >= MAX_INFLIGHT)
				break;
			if (!output_next_batch(o, &p->payload, &p->b, BM_LINES, 0))
				break;
			p->have_batch = true;
			p->off = 0;
		}
		while (p->off < p->payload.len) {
			ssize_t n = send(p->fd, p->payload.p + p->off,
					 p->payload.len - p->off, MSG_NOSIGNAL);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN) {
					ev_mod(o->app->ev, p->fd, EPOLLIN | EPOLLOUT);
					return;
				}
				ix_lost(o, strerror(errno));
				return;
			}
			p->off += (size_t)n;
			p->written += (uint64_t)n;
		}
		p->b.end_off = p->written;
		p->b.mid = ++p->mid;
		output_track(o, &p->b);
		p->have_batch = false;
	}
	if (p->fd >= 0 && o->connected)
		ev_mod(o->app->ev, p->fd, EPOLLIN);
}

static int udp_open(struct output *o)
{
	struct influx_priv *p = o->priv;
	int ret = open_socket(o, SOCK_DGRAM, &p->fd);

	if (ret >= 0)
		o->connected = true;
	return ret;
}

static int ix_start(struct output *o, char *err, size_t errlen)
{
	struct influx_priv *p = calloc(1, sizeof(*p));

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
	if (o->url.kind == OUT_INFLUX_TCP) {
		tcp_connect(o);
	} else {
		int ret = udp_open(o);

		if (ret < 0 && ret != -EAGAIN) {
			snprintf(err, errlen, "%s: %s", o->name, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

static void tcp_pump(struct output *o)
{
	tcp_flush(o);
}

static void tcp_tick(struct output *o, uint64_t now)
{
	struct influx_priv *p = o->priv;

	if (!p)
		return;
	if (p->fd < 0) {
		if (now >= o->retry_ns)
			tcp_connect(o);
		return;
	}
	if (p->connecting && now - p->connect_ns > IX_CONNECT_TIMEOUT_NS) {
		ix_lost(o, "connect timed out");
		return;
	}
	tcp_flush(o);
}

static void udp_cb(struct evloop *l, int fd, uint32_t events, void *data)
{
	struct output *o = data;

	(void)l;
	(void)events;
	ev_del(o->app->ev, fd);
	o->ops->pump(o);
}

static void udp_pump(struct output *o)
{
	struct influx_priv *p = o->priv;

	if (p->fd < 0 || !o->connected)
		return;
	for (;;) {
		ssize_t n;

		if (!p->have_batch) {
			if (!output_next_batch(o, &p->payload, &p->b, BM_LINES,
					       UDP_MAX_DATAGRAM))
				return;
			p->have_batch = true;
		}
		if (p->payload.len > UDP_MAX_DATAGRAM) {
			log_warn("%s: line of %zu bytes does not fit a datagram; dropped",
				 o->name, p->payload.len);
			o->cons.dropped += p->b.n;
			p->b.n = 0;
			output_ack_now(o, &p->b);
			p->have_batch = false;
			continue;
		}
		n = send(p->fd, p->payload.p, p->payload.len, MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN) {
			ev_add(o->app->ev, p->fd, EPOLLOUT, udp_cb, o);
			return;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/*
			 * ICMP unreachable from an earlier datagram (no one
			 * listens), no route, no buffer: this datagram is lost
			 */
			o->errors++;
			o->cons.dropped += p->b.n;
			log_debug("%s: %s; %" PRIu64 " samples dropped", o->name,
				  strerror(errno), p->b.n);
			p->b.n = 0;
		}
		output_ack_now(o, &p->b);
		p->have_batch = false;
	}
}

static void udp_tick(struct output *o, uint64_t now)
{
	struct influx_priv *p = o->priv;
	int ret;

	if (!p || p->fd >= 0 || now < o->retry_ns)
		return;
	ret = udp_open(o);
	if (ret < 0 && ret != -EAGAIN) {
		o->errors++;
		output_schedule_retry(o, strerror(-ret));
	}
}

static void ix_shutdown(struct output *o)
{
	(void)o;
}

static bool ix_closed(struct output *o)
{
	(void)o;
	return true;
}

static void ix_destroy(struct output *o)
{
	struct influx_priv *p = o->priv;

	if (!p)
		return;
	ix_close(o);
	resolve_put(p->res);
	sbuf_free(&p->payload);
	free(p);
	o->priv = NULL;
}

const struct output_ops out_influx_tcp_ops = {
	.start = ix_start,
	.pump = tcp_pump,
	.tick = tcp_tick,
	.shutdown = ix_shutdown,
	.closed = ix_closed,
	.destroy = ix_destroy,
};

const struct output_ops out_influx_udp_ops = {
	.start = ix_start,
	.pump = udp_pump,
	.tick = udp_tick,
	.shutdown = ix_shutdown,
	.closed = ix_closed,
	.destroy = ix_destroy,
};
