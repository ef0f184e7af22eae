// SPDX-License-Identifier: GPL-2.0
/*
 * replay:FILE plays a capture in order. With --rate it is paced like a
 * device (samples due = elapsed x rate, whatever the outputs do); without,
 * it is read as fast as the queue takes it (backpressure, nothing dropped).
 *
 * Test hook: IIOFWD_TEST_VANISH="AT,MS" makes the "device" vanish after AT
 * samples (read fails with -ENODEV, reopening fails for MS ms), then come
 * back and continue where it stopped, so the daemon's device-lifecycle
 * path (close, wait, reopen, no descriptor left behind) is testable
 * without hardware. IIOFWD_TEST_STALL="AT,MS" makes it deliver nothing
 * for MS ms after AT samples while staying open (a stalled device).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evloop.h"
#include "log.h"
#include "rawfile.h"
#include "source.h"
#include "util.h"

#define REPLAY_CHUNK	4096

struct replay {
	FILE *f;
	uint8_t *buf;
	uint64_t start_ns;
	uint64_t emitted;
	double pace;			/* samples/s, 0 = backpressure */
	bool eof;
	long data_off;			/* file offset of the first record */
	uint64_t vanish_at, vanish_ms, vanished_ns;
	bool vanish_armed, opened;
	uint64_t stall_at, stall_ms, stall_ns;
	bool stall_armed;
};

static int replay_open(struct source *s, bool initial, char *err, size_t errlen)
{
	struct replay *r = s->priv;
	const char *path = s->cfg->uri + 7;
	char msg[256];
	unsigned int period;

	if (!initial && r->vanished_ns &&
	    now_mono_ns() - r->vanished_ns < r->vanish_ms * 1000000ull) {
		snprintf(err, errlen, "replay %s: vanished (test)", path);
		return -ENODEV;
	}
	r->f = fopen(path, "rb");
	if (!r->f) {
		snprintf(err, errlen, "replay %s: %s", path, strerror(errno));
		return -errno;
	}
	if (rawfile_read_header(r->f, s->dev, sizeof(s->dev), &s->rate,
				&s->layout, msg, sizeof(msg))) {
		snprintf(err, errlen, "replay %s: %s", path, msg);
		fclose(r->f);
		r->f = NULL;
		return -EINVAL;
	}
	if (s->cfg->device[0] && strcmp(s->cfg->device, s->dev)) {
		snprintf(err, errlen, "replay %s: capture is of device '%s', not '%s'",
			 path, s->dev, s->cfg->device);
		fclose(r->f);
		r->f = NULL;
		return -ENODEV;
	}
	r->data_off = ftell(r->f);
	if (r->opened) {
		/* came back: continue after the last sample played */
		fseek(r->f, r->data_off + (long)(r->emitted * s->layout.bytes), SEEK_SET);
	} else {
		const char *v = getenv("IIOFWD_TEST_VANISH");
		unsigned long long at, ms;

		if (v && sscanf(v, "%llu,%llu", &at, &ms) == 2) {
			r->vanish_at = at;
			r->vanish_ms = ms;
			r->vanish_armed = true;
		}
		v = getenv("IIOFWD_TEST_STALL");
		if (v && sscanf(v, "%llu,%llu", &at, &ms) == 2) {
			r->stall_at = at;
			r->stall_ms = ms;
			r->stall_armed = true;
		}
	}
	r->buf = malloc((size_t)REPLAY_CHUNK * s->layout.bytes);
	if (!r->buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (s->cfg->rate > 0) {
		unsigned int wm = s->cfg->watermark ? s->cfg->watermark : 32;

		r->pace = s->cfg->rate;
		period = (unsigned int)(1000.0 * wm / r->pace);
		if (period > s->cfg->latency_ms)
			period = s->cfg->latency_ms;
		s->backpressure = false;
	} else {
		period = 1;
		s->backpressure = true;
	}
	if (!period)
		period = 1;
	s->fd = timerfd_open_ms(period, period);
	if (s->fd < 0) {
		snprintf(err, errlen, "timerfd: %s", strerror(-s->fd));
		return s->fd;
	}
	r->start_ns = now_mono_ns();
	if (r->opened && r->pace > 0)
		r->start_ns -= (uint64_t)((double)r->emitted * 1e9 / r->pace);
	r->opened = true;
	return 0;
}

static void replay_close(struct source *s)
{
	struct replay *r = s->priv;

	if (r->f)
		fclose(r->f);
	r->f = NULL;
	free(r->buf);
	r->buf = NULL;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static int replay_read(struct source *s, size_t max, bool flush,
		       const uint8_t **data)
{
	struct replay *r = s->priv;
	size_t want = REPLAY_CHUNK, n;

	(void)flush;
	if (s->fd >= 0)
		timerfd_drain(s->fd);
	if (r->eof)
		return SRC_EOF;
	if (r->vanish_armed && r->emitted >= r->vanish_at) {
		r->vanish_armed = false;
		r->vanished_ns = now_mono_ns();
		return -ENODEV;
	}
	if (r->stall_armed && r->emitted >= r->stall_at) {
		uint64_t now = now_mono_ns();

		if (!r->stall_ns)
			r->stall_ns = now;
		if (now - r->stall_ns < r->stall_ms * 1000000ull)
			return -EAGAIN;
		/* resume paced from here, as a device that was stuck */
		r->stall_armed = false;
		if (r->pace > 0)
			r->start_ns = now - (uint64_t)((double)r->emitted * 1e9 / r->pace);
	}
	if (r->stall_armed && r->stall_at - r->emitted < want)
		want = (size_t)(r->stall_at - r->emitted);
	if (r->vanish_armed && r->vanish_at - r->emitted < want)
		want = (size_t)(r->vanish_at - r->emitted);
	if (!s->backpressure) {
		uint64_t due = (uint64_t)((double)(now_mono_ns() - r->start_ns) *
					  r->pace / 1e9);

		if (due <= r->emitted)
			return -EAGAIN;
		if (due - r->emitted < want)
			want = (size_t)(due - r->emitted);
	}
	if (want > max)
		want = max;
	if (!want)
		return -EAGAIN;
	n = fread(r->buf, s->layout.bytes, want, r->f);
	if (n < want) {
		long pos = ftell(r->f);

		r->eof = true;
		if (ferror(r->f))
			log_err("replay %s: read error", s->cfg->uri + 7);
		else if (pos >= 0 && fseek(r->f, 0, SEEK_END) == 0 && ftell(r->f) != pos)
			log_warn("replay %s: trailing partial record ignored",
				 s->cfg->uri + 7);
		if (!n)
			return SRC_EOF;
	}
	r->emitted += n;
	*data = r->buf;
	return (int)n;
}

static void replay_destroy(struct source *s)
{
	replay_close(s);
	free(s->priv);
	free(s);
}

static const struct source_ops replay_ops = {
	.open = replay_open,
	.close = replay_close,
	.read = replay_read,
	.destroy = replay_destroy,
};

struct source *source_replay_new(const struct fwd_config *cfg)
{
	struct source *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->priv = calloc(1, sizeof(struct replay));
	if (!s->priv) {
		free(s);
		return NULL;
	}
	s->ops = &replay_ops;
	s->cfg = cfg;
	s->fd = -1;
	return s;
}
