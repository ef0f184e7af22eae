/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IIO scan layout: parse the `_type` strings of scan elements
 * ("le:s12/16>>4", "be:u10/16X2>>0"), place the enabled elements in a scan
 * record the way the kernel does (each element aligned to its own size,
 * the record padded to the largest element), and decode records.
 */
#ifndef IIOFWD_SCAN_H
#define IIOFWD_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCAN_MAX_CH	16
#define SCAN_MAX_VALUES	32
#define SCAN_MAX_BYTES	256
#define SCAN_ID_LEN	48
#define SCAN_TYPE_LEN	32

struct scan_type {
	bool be;
	bool is_signed;
	unsigned int bits;
	unsigned int storagebits;
	unsigned int shift;
	unsigned int repeat;
};

struct scan_chan {
	char id[SCAN_ID_LEN];		/* libiio channel id, e.g. accel_x */
	int index;			/* scan_elements/<ch>_index */
	struct scan_type type;
	double scale;
	double offset;
	bool is_timestamp;
	unsigned int byte_offset;	/* computed */
};

/* One decoded value: a channel, or one element of a repeated channel. */
struct scan_value {
	char key[SCAN_ID_LEN];		/* JSON / line-protocol field name */
	unsigned int chan;
	unsigned int rep;
};

struct scan_layout {
	unsigned int nch;
	struct scan_chan ch[SCAN_MAX_CH];
	/* computed by scan_layout_compute() */
	unsigned int bytes;
	int ts_chan;			/* -1 when there is no timestamp */
	unsigned int nvalues;
	struct scan_value val[SCAN_MAX_VALUES];
};

struct sample {
	uint64_t seq;			/* the device's sample number */
	int64_t t;			/* ns: timestamp channel or arrival */
	unsigned int n;
	int64_t raw[SCAN_MAX_VALUES];
};

/* 0 on success, -1 on a malformed or unsupported string. */
int scan_type_parse(const char *s, struct scan_type *t);
int scan_type_format(const struct scan_type *t, char *buf, size_t len);

/*
 * Sort channels by index, compute offsets, record size, value keys.
 * Returns 0, or -1 with a reason in err.
 */
int scan_layout_compute(struct scan_layout *l, char *err, size_t errlen);

/* Value of element rep of a channel: shifted, masked, sign-extended. */
int64_t scan_extract(const struct scan_type *t, const uint8_t *p,
		     unsigned int rep);

/* Decode one record; t falls back to arrival_ns without a timestamp. */
void scan_decode(const struct scan_layout *l, const uint8_t *rec,
		 int64_t arrival_ns, struct sample *s);

double scan_value_scaled(const struct scan_layout *l, unsigned int v,
			 int64_t raw);

#endif
