// SPDX-License-Identifier: GPL-2.0
/* jsonl:-|PATH (one JSON object per line) and raw:PATH (capture) outputs. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "output.h"
#include "rawfile.h"
#include "util.h"

#define FILE_BATCH 4096

struct file_priv {
	int fd;
	bool failed;
	struct sbuf buf;
};

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return -errno;
			/* a non-blocking stdout: wait, but not forever */
			if (poll(&pfd, 1, 1000) <= 0)
				return -EAGAIN;
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_raw_header(struct output *o, struct file_priv *p)
{
	struct sbuf h = { 0 };
	int ret;

	if (rawfile_header(&h, o->app->src->dev, o->app->src->rate,
			   &o->app->src->layout)) {
		sbuf_free(&h);
		return -ENOMEM;
	}
	ret = write_all(p->fd, h.p, h.len);
	sbuf_free(&h);
	return ret;
}

static int file_open(struct output *o, bool truncate_raw)
{
	struct file_priv *p = o->priv;
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
	struct stat st;

	if (o->url.kind == OUT_JSONL && !strcmp(o->url.path, "-")) {
		p->fd = STDOUT_FILENO;
		return 0;
	}
	flags |= o->url.kind == OUT_RAW && truncate_raw ? O_TRUNC : O_APPEND;
	p->fd = open(o->url.path, flags, 0644);
	if (p->fd < 0)
		return -errno;
	if (o->url.kind == OUT_RAW) {
		if (fstat(p->fd, &st))
			return -errno;
		if (!truncate_raw && st.st_size > 0) {
			/* appending to a capture of the same run */
			lseek(p->fd, 0, SEEK_END);
			return 0;
		}
		return write_raw_header(o, p);
	}
	return 0;
}

static void file_close(struct output *o)
{
	struct file_priv *p = o->priv;

	if (p->fd > STDERR_FILENO)
		close(p->fd);
	p->fd = -1;
}

static int file_start(struct output *o, char *err, size_t errlen)
{
	struct file_priv *p = calloc(1, sizeof(*p));
	int ret;

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	o->priv = p;
	o->batch_max = FILE_BATCH;
	ret = file_open(o, true);
	if (ret) {
		snprintf(err, errlen, "%s: %s", o->name, strerror(-ret));
		return ret;
	}
	o->connected = true;
	return 0;
}

static void file_failed(struct output *o, int err)
{
	struct file_priv *p = o->priv;

	o->errors++;
	p->failed = true;
	if (err == -EPIPE) {
		/* the reader of the pipe or FIFO is gone and will not come back */
		char why[96];

		snprintf(why, sizeof(why), "the reader went away (%s)", strerror(-err));
		output_kill(o, why);
		return;
	}
	o->connected = false;
	output_rewind(o);
	output_schedule_retry(o, strerror(-err));
}

static void file_pump(struct output *o)
{
	struct file_priv *p = o->priv;
	struct batch b;
	int ret;

	if (p->failed || p->fd < 0)
		return;
	for (;;) {
		if (o->url.kind == OUT_JSONL) {
			if (!output_next_batch(o, &p->buf, &b, BM_LINES, 0))
				return;
		} else {
			const struct queue *q = &o->app->q;
			unsigned int n = 0;

			memset(&b, 0, sizeof(b));
			sbuf_reset(&p->buf);
			if (o->next < o->cons.tail)
				o->next = o->cons.tail;
			for (; n < FILE_BATCH && o->next < q->head; n++, o->next++) {
				const void *e = queue_at(q, o->next);

				if (!n)
					b.t0 = entry_arrival(e);
				sbuf_append(&p->buf, (const char *)entry_rec(e),
					    o->app->src->layout.bytes);
			}
			if (!n)
				return;
			b.n = n;
			b.end_seq = o->next;
			if (p->buf.oom) {
				file_failed(o, -ENOMEM);
				return;
			}
		}
		ret = write_all(p->fd, p->buf.p, p->buf.len);
		if (ret) {
			file_failed(o, ret);
			return;
		}
		output_ack_now(o, &b);
	}
}

static void file_tick(struct output *o, uint64_t now)
{
	struct file_priv *p = o->priv;

	if (p->failed && !o->dead && now >= o->retry_ns) {
		p->failed = false;
		o->connected = true;
	}
}

static int file_reopen(struct output *o)
{
	struct file_priv *p = o->priv;
	int ret;

	if ((o->url.kind == OUT_JSONL && !strcmp(o->url.path, "-")) || o->dead)
		return 0;
	file_close(o);
	ret = file_open(o, false);
	if (ret) {
		log_err("%s: reopen: %s", o->name, strerror(-ret));
		file_failed(o, ret);
		return ret;
	}
	log_info("%s: reopened", o->name);
	p->failed = false;
	o->connected = true;
	return 0;
}

static void file_shutdown(struct output *o)
{
	(void)o;
}

static bool file_closed(struct output *o)
{
	(void)o;
	return true;
}

static void file_destroy(struct output *o)
{
	struct file_priv *p = o->priv;

	if (!p)
		return;
	file_close(o);
	sbuf_free(&p->buf);
	free(p);
	o->priv = NULL;
}

/* jsonl: and raw: share these; file_start picks the format from the URL. */
const struct output_ops out_file_ops = {
	.start = file_start,
	.pump = file_pump,
	.tick = file_tick,
	.reopen = file_reopen,
	.shutdown = file_shutdown,
	.closed = file_closed,
	.destroy = file_destroy,
};
