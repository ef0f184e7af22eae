/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded on-disk spool of one output: numbered segment files of records
 * (magic, length, CRC-32, payload), read in order with a read cursor that
 * is committed when the output has delivered; the commit point is kept in
 * an "ack" file so a restart resumes where delivery stopped. Corrupt or
 * truncated records are detected, reported and skipped.
 */
#ifndef IIOFWD_SPOOL_H
#define IIOFWD_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

#define SPOOL_SEG_MAX		(1u << 20)
#define SPOOL_REC_MAX		(64u << 10)

struct spool_pos {
	uint64_t seg;
	uint64_t off;
	uint64_t n;		/* records before off in seg */
};

struct spool_stats {
	uint64_t written;
	uint64_t dropped;	/* records deleted by the size bound */
	uint64_t corrupt;	/* records lost to corruption (estimated) */
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
