/* SPDX-License-Identifier: GPL-2.0 */
/* State shared by the event loop, the source and the outputs. */
#ifndef IIOFWD_APP_H
#define IIOFWD_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "evloop.h"
#include "queue.h"
#include "source.h"
#include "stamp.h"

struct output;
struct metrics;

#define LAT_BUCKETS 10
extern const double lat_bounds[LAT_BUCKETS];	/* seconds; +Inf implied */

struct app {
	struct fwd_config *cfg;
	struct evloop *ev;
	struct source *src;
	struct queue q;
	struct output *out[CFG_MAX_OUTPUTS];
	unsigned int nout;
	struct metrics *metrics;
	int argc;			/* the command line, for SIGHUP */
	char **argv;

	bool src_open;
	bool src_done;			/* --count reached or replay ended */
	uint64_t src_retry_ns;
	uint64_t last_read_ns;
	uint64_t last_sample_ns;
	bool stalled;
	int64_t last_ts;
	bool have_last_ts;
	bool ts_rebase;			/* reopened: next stamp is a new baseline */
	struct stamper stamps;		/* without a timestamp channel */

	/* counters */
	uint64_t samples_read;
	uint64_t gaps;
	uint64_t gap_samples;
	uint64_t stalls;
	uint64_t source_reopens;
	uint64_t source_errors;
	uint64_t removed_dropped;	/* by outputs a SIGHUP removed */
	uint64_t wakeups;		/* the source's fd said readable */
	uint64_t budget_reads;		/* reads for the latency budget */
	uint64_t read_wait;		/* ev_waits() at the last read */
};

/*
 * Queue entry: arrival time of its read (CLOCK_REALTIME ns), the sample's
 * time when the scan has no timestamp channel (see stamp.h), then the scan
 * record. The entry's queue sequence is the sample's "seq".
 */
#define ENTRY_HDR 16
static inline const uint8_t *entry_rec(const void *e)
{
	return (const uint8_t *)e + ENTRY_HDR;
}

static inline int64_t entry_arrival(const void *e)
{
	int64_t t;

	__builtin_memcpy(&t, e, sizeof(t));
	return t;
}

static inline int64_t entry_time(const void *e)
{
	int64_t t;

	__builtin_memcpy(&t, (const uint8_t *)e + 8, sizeof(t));
	return t;
}

#endif
