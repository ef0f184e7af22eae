/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded on-disk spool of one output: numbered segment files of records
 * (magic, length, CRC-32, payload), read in order with a read cursor that
 * is committed when the output has delivered; the commit point is kept in
 * an "ack" file so a restart resumes where delivery stopped. Corrupt or
 * truncated records are detected, reported and skipped.
 *
 * Samples are kept in binary (spool_put/spool_next): each segment starts
 * with a record of the layout (device name and label, the scan's channels
 * with their types, scales and offsets), then blocks of up to
 * SPOOL_BLOCK samples with consecutive sequence numbers: the first
 * sequence number and time, then for each sample the change of its time
 * step (zigzag varint; 1 byte at a steady rate) and the scan's bytes
 * without the timestamp channel and padding: ~7 bytes a sample of a
 * 3-axis 16-bit accelerometer, where the text records of iiofwd 0.1 (one
 * formatted sample each, still read and delivered as they were) took
 * ~113. A block is written when full, after SPOOL_BLOCK_NS, when the
 * reader reaches it, and at close.
 */
#ifndef IIOFWD_SPOOL_H
#define IIOFWD_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "fmt.h"
#include "scan.h"

#define SPOOL_SEG_MAX		(1u << 20)
#define SPOOL_REC_MAX		(64u << 10)
#define SPOOL_BLOCK		256
#define SPOOL_BLOCK_NS		(1000ull * 1000000ull)

struct spool_pos {
	uint64_t seg;
	uint64_t off;		/* of a record */
	uint64_t n;		/* samples in the records before off in seg */
	uint32_t sub;		/* samples of the record at off before this */
};

/* Counts are of samples. */
struct spool_stats {
	uint64_t written;
	uint64_t dropped;	/* deleted by the size bound, or a failed write */
	uint64_t corrupt;	/* lost to corruption (estimated) */
	uint64_t syncs;		/* fdatasync/fsync calls */
};

/* --spool-sync: when written records are forced to the disk */
enum spool_sync {
	SPOOL_SYNC_NONE,	/* never: the kernel writes back (~30 s) */
	SPOOL_SYNC_SEGMENT,	/* each segment once full, and at close */
	SPOOL_SYNC_ALWAYS,	/* each record, and the ack file */
};

struct spool;

int spool_open(struct spool **out, const char *dir, uint64_t max_bytes,
	       char *err, size_t errlen);
void spool_close(struct spool *s);
void spool_set_sync(struct spool *s, enum spool_sync mode);
int spool_append(struct spool *s, const void *data, size_t len);
/* 1 = record in out (replacing its contents), 0 = nothing more, <0 error */
int spool_read(struct spool *s, struct sbuf *out, struct spool_pos *end);
void spool_rewind(struct spool *s);
void spool_commit(struct spool *s, const struct spool_pos *pos);
uint64_t spool_pending(const struct spool *s);
const struct spool_stats *spool_stats(const struct spool *s);
uint32_t spool_crc32(const void *data, size_t len);

/* What a binary sample is rebuilt with. */
struct spool_meta {
	char dev[128];
	char label[128];
	struct scan_layout layout;
};

/* A sample read back: binary (meta set) or a text record of iiofwd 0.1. */
struct spool_sample {
	const struct spool_meta *meta;	/* NULL: text */
	struct sample s;
	const char *text;
	size_t len;
};

/* The layout of the samples spool_put() is given; 0 or -EINVAL. */
int spool_set_meta(struct spool *s, const char *dev, const char *label,
		   const struct scan_layout *l);
/*
 * Keep a sample: its sequence number, a scan record of the layout, its
 * time when the layout has no timestamp channel. Buffered in a block; a
 * block that cannot be written is counted in dropped. 0 or -EINVAL.
 */
int spool_put(struct spool *s, uint64_t seq, const uint8_t *rec, int64_t t);
/* Write the block being filled, now: 0 or -errno (its samples dropped). */
int spool_flush(struct spool *s);
/* Write a block older than SPOOL_BLOCK_NS (now: monotonic ns). */
void spool_tick(struct spool *s, uint64_t now_ns);
/* The next sample: 1 (end: the position after it), 0 = nothing more. */
int spool_next(struct spool *s, struct spool_sample *out, struct spool_pos *end);

/*
 * The output URL the spool belongs to (display form, no password), kept
 * in its "url" file: a spool written for another URL (two URLs whose
 * directory names coincide) is warned about, its records kept and
 * delivered to this one, and the file rewritten. 0, or -errno.
 */
int spool_set_owner(struct spool *s, const char *url);

/*
 * Warn about each spool directory under parent that belongs to none of
 * the n outputs' directories in mine (an output removed or whose URL
 * changed): its samples are kept there, not delivered. Returns how many.
 */
unsigned int spool_warn_foreign(const char *parent, const char *const *mine,
				unsigned int n);

#endif
