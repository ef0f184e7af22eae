/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sample source behind a small interface: the libiio 0.24 backend (whose
 * buffer exposes a poll fd; libiio 1.0 does not) and the replay of a
 * capture written by -o raw:FILE.
 */
#ifndef IIOFWD_SOURCE_H
#define IIOFWD_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "scan.h"

#define SRC_EOF		(-1000)		/* replay finished */

struct source;

struct source_ops {
	/* 0, -ENODEV (absent: retry later) or another -errno with err set */
	int (*open)(struct source *s, bool initial, char *err, size_t errlen);
	void (*close)(struct source *s);
	/*
	 * Read what is available, at most max samples: *data points at
	 * n records of layout.bytes. flush: not because fd said readable
	 * (the latency budget, exit): also what a device holds back (its
	 * hardware FIFO). Returns n > 0, -EAGAIN, -ENODEV (gone), SRC_EOF,
	 * or another -errno.
	 */
	int (*read)(struct source *s, size_t max, bool flush, const uint8_t **data);
	void (*destroy)(struct source *s);
};

struct source {
	const struct source_ops *ops;
	const struct fwd_config *cfg;
	char dev[128];			/* device name */
	char label[128];		/* its label attribute, "" without */
	double rate;			/* Hz, 0 if unknown */
	struct scan_layout layout;
	int fd;				/* to poll for input, -1 if none */
	bool backpressure;		/* read only what the queue can take */
	bool drains;			/* one read takes all there is */
	void *priv;
	/* read() calls on the device's buffer; those that returned nothing */
	uint64_t reads, empty_reads;
};

struct source *source_iio_new(const struct fwd_config *cfg);

/*
 * --list: the devices of cfg->uri with their channels, sampling rates and
 * triggers, to f. 0, or -1 with err set (no context).
 */
int source_iio_list(const struct fwd_config *cfg, FILE *f, char *err, size_t errlen);
struct source *source_replay_new(const struct fwd_config *cfg);

#endif
