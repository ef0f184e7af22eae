// SPDX-License-Identifier: GPL-2.0
/*
 * libiio 0.24 source: one buffer per device life, set up by libiio and read
 * with read() on its poll fd, one read() a wakeup, of the whole kernel
 * buffer's length:
 *  - the fd said readable (the watermark is reached): a blocking read,
 *    which returns at once with everything the kernel buffer holds and
 *    does not make the driver flush the hardware FIFO (the kernel flushes
 *    for a non-blocking read short of what it asks for, or a blocking one
 *    short of the watermark);
 *  - the latency budget expired or at exit: a non-blocking read, which
 *    flushes the hardware FIFO (a partial batch) and returns at once.
 * libiio's own refill asked for the whole buffer non-blocking and read
 * again until it came back empty: two or more read()s, each a FIFO flush
 * over the bus, for every batch, and at high rates it kept reading while
 * each flush found new samples.
 */
#include <errno.h>
#include <fcntl.h>
#include <iio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "source.h"
#include "util.h"

#define DEFAULT_WATERMARK	32

struct iio_src {
	struct iio_context *ctx;
	struct iio_device *dev;
	struct iio_buffer *buf;
	size_t step;
	uint8_t *data;			/* what one read() returns */
	size_t cap;			/* bytes: the kernel buffer's length */
	bool nonblock;			/* the fd's O_NONBLOCK as last set */
};

/*
 * libiio 0.24's network backend cuts the ":port" off the URI it is given
 * (ip:HOST:PORT): hand it a copy, so that a reopen still has the port.
 */
static struct iio_context *new_context(const char *uri)
{
	char copy[sizeof(((struct fwd_config *)0)->uri)];

	snprintf(copy, sizeof(copy), "%s", uri);
	return iio_create_context_from_uri(copy);
}

static bool dev_has_scan_elements(const struct iio_device *d)
{
	unsigned int i;

	for (i = 0; i < iio_device_get_channels_count(d); i++) {
		const struct iio_channel *c = iio_device_get_channel(d, i);

		if (iio_channel_is_scan_element(c) && !iio_channel_is_output(c))
			return true;
	}
	return false;
}

static struct iio_device *find_device(struct iio_context *ctx, const char *want,
				      char *err, size_t errlen)
{
	struct iio_device *found = NULL;
	unsigned int i, n = iio_context_get_devices_count(ctx), nbuf = 0;
	char list[512] = "";

	if (want[0]) {
		found = iio_context_find_device(ctx, want);
		if (found && dev_has_scan_elements(found))
			return found;
	}
	for (i = 0; i < n; i++) {
		struct iio_device *d = iio_context_get_device(ctx, i);
		const char *name = iio_device_get_name(d);
		size_t len = strlen(list);

		if (!dev_has_scan_elements(d))
			continue;
		nbuf++;
		found = d;
		snprintf(list + len, sizeof(list) - len, "%s%s (%s)", len ? ", " : "",
			 iio_device_get_id(d), name ? name : "?");
	}
	if (!want[0] && nbuf == 1)
		return found;
	if (want[0])
		snprintf(err, errlen, "IIO device '%s' not found or has no buffer (buffered devices: %s)",
			 want, nbuf ? list : "none");
	else
		snprintf(err, errlen, "%s; choose one with --device (buffered devices: %s)",
			 nbuf ? "several buffered IIO devices" : "no buffered IIO device",
			 nbuf ? list : "none");
	return NULL;
}

static bool in_list(const char *list, const char *id)
{
	size_t len = strlen(id);
	const char *p = list;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n == len && !strncmp(p, id, n))
			return true;
		p += n;
		if (*p)
			p++;
	}
	return false;
}

/* Every name in --channels must exist as a scan element. */
static int check_channel_list(struct iio_device *d, const char *list,
			      char *err, size_t errlen)
{
	const char *p = list;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		unsigned int i;
		bool ok = false;

		for (i = 0; i < iio_device_get_channels_count(d); i++) {
			const struct iio_channel *c = iio_device_get_channel(d, i);
			const char *id = iio_channel_get_id(c);

			if (iio_channel_is_scan_element(c) && !iio_channel_is_output(c) &&
			    strlen(id) == n && !strncmp(id, p, n))
				ok = true;
		}
		if (!ok) {
			snprintf(err, errlen, "--channels: no scan element '%.*s'", (int)n, p);
			return -1;
		}
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

/* The trigger names, for messages: "trigger0 (lis3dh-dev0), ..." */
static void list_triggers(const struct iio_context *ctx, char *buf, size_t len)
{
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < iio_context_get_devices_count(ctx); i++) {
		const struct iio_device *d = iio_context_get_device(ctx, i);
		const char *name = iio_device_get_name(d);
		size_t n = strlen(buf);

		if (iio_device_is_trigger(d))
			snprintf(buf + n, len - n, "%s%s (%s)", n ? ", " : "",
				 iio_device_get_id(d), name ? name : "?");
	}
	if (!buf[0])
		snprintf(buf, len, "none");
}

/* --trigger: the trigger by name or id, set as the device's. */
static int set_trigger(struct source *s, struct iio_context *ctx,
		       struct iio_device *d, char *err, size_t errlen)
{
	const char *want = s->cfg->trigger;
	const struct iio_device *t = NULL;
	unsigned int i;
	char list[512];
	int ret;

	for (i = 0; i < iio_context_get_devices_count(ctx) && !t; i++) {
		const struct iio_device *c = iio_context_get_device(ctx, i);
		const char *name = iio_device_get_name(c);

		if (iio_device_is_trigger(c) &&
		    (!strcmp(iio_device_get_id(c), want) || (name && !strcmp(name, want))))
			t = c;
	}
	if (!t) {
		list_triggers(ctx, list, sizeof(list));
		snprintf(err, errlen, "--trigger: no IIO trigger '%s' (triggers: %s)", want, list);
		return -EINVAL;
	}
	ret = iio_device_set_trigger(d, t);
	if (ret < 0) {
		snprintf(err, errlen, "--trigger %s: device %s refused it: %s", want,
			 s->dev, strerror(-ret));
		return ret;
	}
	return 0;
}

static int setup_channels(struct source *s, struct iio_device *d,
			  char *err, size_t errlen)
{
	struct scan_layout *l = &s->layout;
	unsigned int i;

	memset(l, 0, sizeof(*l));
	if (s->cfg->channels[0] && check_channel_list(d, s->cfg->channels, err, errlen))
		return -EINVAL;
	for (i = 0; i < iio_device_get_channels_count(d); i++) {
		struct iio_channel *c = iio_device_get_channel(d, i);
		const struct iio_data_format *f;
		struct scan_chan *sc;
		const char *id = iio_channel_get_id(c);
		double v;

		if (!iio_channel_is_scan_element(c) || iio_channel_is_output(c))
			continue;
		if (s->cfg->channels[0] && !in_list(s->cfg->channels, id)) {
			iio_channel_disable(c);
			continue;
		}
		if (l->nch >= SCAN_MAX_CH) {
			snprintf(err, errlen, "too many scan elements (max %d)", SCAN_MAX_CH);
			return -EINVAL;
		}
		iio_channel_enable(c);
		f = iio_channel_get_data_format(c);
		sc = &l->ch[l->nch++];
		if (str_copy(sc->id, sizeof(sc->id), id)) {
			snprintf(err, errlen, "channel id '%s' too long", id);
			return -EINVAL;
		}
		sc->index = (int)iio_channel_get_index(c);
		sc->type.be = f->is_be;
		sc->type.is_signed = f->is_signed;
		sc->type.bits = f->bits;
		sc->type.storagebits = f->length;
		sc->type.shift = f->shift;
		sc->type.repeat = f->repeat ? f->repeat : 1;
		sc->is_timestamp = !strcmp(id, "timestamp");
		sc->scale = 1.0;
		if (!sc->is_timestamp && !iio_channel_attr_read_double(c, "scale", &v))
			sc->scale = v;
		if (!iio_channel_attr_read_double(c, "offset", &v))
			sc->offset = v;
		if (sc->type.storagebits % 8 || !sc->type.storagebits ||
		    sc->type.storagebits > 64 || sc->type.bits > sc->type.storagebits) {
			snprintf(err, errlen, "channel %s: unsupported data format", id);
			return -EINVAL;
		}
	}
	if (scan_layout_compute(l, err, errlen))
		return -EINVAL;
	return 0;
}

static void iio_close_all(struct source *s)
{
	struct iio_src *p = s->priv;

	if (p->buf)
		iio_buffer_destroy(p->buf);
	p->buf = NULL;
	free(p->data);
	p->data = NULL;
	if (p->ctx)
		iio_context_destroy(p->ctx);
	p->ctx = NULL;
	p->dev = NULL;
	s->fd = -1;
}

static int iio_src_open(struct source *s, bool initial, char *err, size_t errlen)
{
	struct iio_src *p = s->priv;
	const struct fwd_config *cfg = s->cfg;
	struct scan_layout old = s->layout;
	unsigned int wm = cfg->watermark ? cfg->watermark : DEFAULT_WATERMARK;
	size_t samples, blen;
	const char *name;
	char lenbuf[32];
	double rate;
	int ret;

	p->ctx = new_context(cfg->uri);
	if (!p->ctx) {
		ret = -errno;
		snprintf(err, errlen, "IIO device '%s': cannot open IIO context '%s': %s",
			 cfg->device[0] ? cfg->device : "(any)", cfg->uri, strerror(errno));
		return initial && ret != -ENOENT ? ret : -ENODEV;
	}
	p->dev = find_device(p->ctx, cfg->device, err, errlen);
	if (!p->dev) {
		iio_close_all(s);
		return -ENODEV;
	}
	name = iio_device_get_name(p->dev);
	snprintf(s->dev, sizeof(s->dev), "%s", name ? name : iio_device_get_id(p->dev));
	snprintf(s->label, sizeof(s->label), "%s",
		 iio_device_get_label(p->dev) ? iio_device_get_label(p->dev) : "");

	ret = setup_channels(s, p->dev, err, errlen);
	if (ret)
		goto fail;
	if (!initial && (old.bytes != s->layout.bytes ||
			 memcmp(old.ch, s->layout.ch, sizeof(old.ch)))) {
		snprintf(err, errlen, "device %s came back with another scan layout", s->dev);
		ret = -EPROTO;
		goto fail;
	}

	if (cfg->rate > 0) {
		ret = iio_device_attr_write_double(p->dev, "sampling_frequency", cfg->rate);
		if (ret < 0) {
			snprintf(err, errlen, "--rate %g: device %s refused it: %s",
				 cfg->rate, s->dev, strerror(-ret));
			goto fail;
		}
	}
	if (cfg->trigger[0]) {
		ret = set_trigger(s, p->ctx, p->dev, err, errlen);
		if (ret)
			goto fail;
	}
	s->rate = 0;
	if (!iio_device_attr_read_double(p->dev, "sampling_frequency", &rate))
		s->rate = rate;

	/* buffer/length must hold the watermark before it is set */
	samples = wm * 4 < 256 ? 256 : (size_t)wm * 4;
	snprintf(lenbuf, sizeof(lenbuf), "%zu", samples * 4);
	iio_device_attr_write(p->dev, "buffer/length", lenbuf);
	if (iio_device_find_buffer_attr(p->dev, "watermark")) {
		ret = iio_device_buffer_attr_write_longlong(p->dev, "watermark", wm);
		if (ret < 0 && cfg->watermark) {
			snprintf(err, errlen, "--watermark %u: device %s refused it: %s",
				 wm, s->dev, strerror(-ret));
			goto fail;
		}
	}

	/*
	 * libiio 0.24 sets buffer/watermark to the count it is given, and
	 * buffer/length to that count times its kernel buffers count: give
	 * it the watermark, and as many kernel buffers as make the length
	 * above (else the watermark would be what the length was).
	 */
	ret = iio_device_set_kernel_buffers_count(p->dev,
						  (unsigned int)((samples * 4 + wm - 1) / wm));
	if (ret < 0) {
		snprintf(err, errlen, "buffer of %s: %s", s->dev, strerror(-ret));
		goto fail;
	}
	p->buf = iio_device_create_buffer(p->dev, wm, false);
	if (!p->buf) {
		ret = -errno;
		snprintf(err, errlen, "cannot create buffer of %s: %s", s->dev,
			 strerror(errno));
		goto fail;
	}
	ret = iio_buffer_set_blocking_mode(p->buf, false);
	if (ret < 0) {
		snprintf(err, errlen, "non-blocking buffer: %s", strerror(-ret));
		goto fail;
	}
	s->fd = iio_buffer_get_poll_fd(p->buf);
	if (s->fd < 0) {
		ret = s->fd;
		snprintf(err, errlen, "buffer poll fd: %s", strerror(-ret));
		goto fail;
	}
	p->step = (size_t)iio_buffer_step(p->buf);
	if (p->step != s->layout.bytes) {
		snprintf(err, errlen, "scan record of %zu bytes, layout says %u",
			 p->step, s->layout.bytes);
		ret = -EPROTO;
		goto fail;
	}
	/* one read() takes all the kernel buffer holds: its length, as set */
	blen = samples * 4;
	if (iio_device_attr_read(p->dev, "buffer/length", lenbuf, sizeof(lenbuf)) > 0 &&
	    strtoul(lenbuf, NULL, 10) > blen)
		blen = strtoul(lenbuf, NULL, 10);
	p->cap = blen * p->step;
	p->data = malloc(p->cap);
	if (!p->data) {
		ret = -ENOMEM;
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	p->nonblock = true;	/* libiio opens it so */
	s->drains = true;
	s->backpressure = false;
	return 0;

fail:
	if (ret == -EACCES || ret == -EPERM) {
		size_t len = strlen(err);

		snprintf(err + len, errlen - len,
			 " (as a user: read-write access to /dev/%s and to its buffer/ and scan_elements/ attributes and sampling_frequency, group iio by 60-iiofwd.rules)",
			 iio_device_get_id(p->dev));
	}
	iio_close_all(s);
	/* a device that vanished during setup is waited for, not fatal */
	if (!initial && (ret == -ENODEV || ret == -ENOENT || ret == -EIO))
		return -ENODEV;
	return ret ? ret : -EINVAL;
}

static void list_device(const struct iio_device *d, FILE *f)
{
	const char *name = iio_device_get_name(d), *label = iio_device_get_label(d);
	const struct iio_device *trig = NULL;
	unsigned int i, nscan = 0;
	char val[512];

	fprintf(f, "%s: %s", iio_device_get_id(d), name ? name : "(no name)");
	if (label)
		fprintf(f, " (label %s)", label);
	fprintf(f, "%s\n", dev_has_scan_elements(d) ? ", buffered" : ", no buffer");
	if (iio_device_attr_read(d, "sampling_frequency", val, sizeof(val)) > 0)
		fprintf(f, "  sampling_frequency: %s Hz\n", val);
	if (iio_device_attr_read(d, "sampling_frequency_available", val, sizeof(val)) > 0)
		fprintf(f, "  sampling_frequency_available: %s\n", val);
	if (!iio_device_get_trigger(d, &trig)) {
		const char *tn = trig ? iio_device_get_name(trig) : NULL;

		fprintf(f, "  current trigger: %s\n", trig ? (tn ? tn : iio_device_get_id(trig)) : "none");
	}
	for (i = 0; i < iio_device_get_channels_count(d); i++) {
		const struct iio_channel *c = iio_device_get_channel(d, i);
		const struct iio_data_format *fmt = iio_channel_get_data_format(c);
		double scale;

		if (!iio_channel_is_scan_element(c) || iio_channel_is_output(c))
			continue;
		if (!nscan++)
			fprintf(f, "  scan elements:\n");
		fprintf(f, "    %-16s index %ld, %s:%c%u/%u", iio_channel_get_id(c),
			iio_channel_get_index(c), fmt->is_be ? "be" : "le",
			fmt->is_signed ? 's' : 'u', fmt->bits, fmt->length);
		if (fmt->repeat > 1)
			fprintf(f, "X%u", fmt->repeat);
		fprintf(f, ">>%u", fmt->shift);
		if (!iio_channel_attr_read_double(c, "scale", &scale))
			fprintf(f, ", scale %.9g", scale);
		fprintf(f, "\n");
	}
	for (i = 0, nscan = 0; i < iio_device_get_channels_count(d); i++) {
		const struct iio_channel *c = iio_device_get_channel(d, i);

		if (iio_channel_is_scan_element(c) && !iio_channel_is_output(c))
			continue;
		fprintf(f, "%s%s%s", nscan++ ? ", " : "  other channels: ",
			iio_channel_get_id(c), iio_channel_is_output(c) ? " (output)" : "");
	}
	if (nscan)
		fprintf(f, "\n");
}

int source_iio_list(const struct fwd_config *cfg, FILE *f, char *err, size_t errlen)
{
	struct iio_context *ctx = new_context(cfg->uri);
	unsigned int i, n = 0;
	char list[512];

	if (!ctx) {
		snprintf(err, errlen, "--list: cannot open IIO context '%s': %s", cfg->uri,
			 strerror(errno));
		return -1;
	}
	for (i = 0; i < iio_context_get_devices_count(ctx); i++) {
		const struct iio_device *d = iio_context_get_device(ctx, i);

		if (iio_device_is_trigger(d))
			continue;
		list_device(d, f);
		n++;
	}
	if (!n)
		fprintf(f, "no IIO devices in %s\n", cfg->uri);
	list_triggers(ctx, list, sizeof(list));
	fprintf(f, "triggers: %s\n", list);
	iio_context_destroy(ctx);
	return 0;
}

static void iio_src_close(struct source *s)
{
	iio_close_all(s);
}

static int set_nonblock(struct iio_src *p, int fd, bool on)
{
	int fl;

	if (p->nonblock == on)
		return 0;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK))
		return -errno;
	p->nonblock = on;
	return 0;
}

static int iio_src_read(struct source *s, size_t max, bool flush,
			const uint8_t **data)
{
	struct iio_src *p = s->priv;
	ssize_t n;
	int ret;

	(void)max;	/* a device does not wait: the queue evicts instead */
	if (!p->buf)
		return -ENODEV;
	/* blocking only when readable: see the top of this file */
	ret = set_nonblock(p, s->fd, flush);
	if (ret)
		return ret;
	do {
		n = read(s->fd, p->data, p->cap);
	} while (n < 0 && errno == EINTR);
	s->reads++;
	if (n <= 0)
		s->empty_reads++;
	if (n < 0 && errno == EAGAIN)
		return -EAGAIN;
	if (n < 0)
		return -ENODEV;	/* unbind, rmmod, unplug: reopen later */
	if (!n)
		return -EAGAIN;
	*data = p->data;
	return (int)((size_t)n / p->step);
}

static void iio_src_destroy(struct source *s)
{
	iio_close_all(s);
	free(s->priv);
	free(s);
}

static const struct source_ops iio_ops = {
	.open = iio_src_open,
	.close = iio_src_close,
	.read = iio_src_read,
	.destroy = iio_src_destroy,
};

struct source *source_iio_new(const struct fwd_config *cfg)
{
	struct source *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->priv = calloc(1, sizeof(struct iio_src));
	if (!s->priv) {
		free(s);
		return NULL;
	}
	s->ops = &iio_ops;
	s->cfg = cfg;
	s->fd = -1;
	return s;
}
