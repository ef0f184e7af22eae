/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Outputs share one interface and one bookkeeping: a queue consumer whose
 * tail is the oldest sample not yet delivered (acknowledged), a send cursor,
 * an optional spool, and batches in flight that are acknowledged in order.
 */
#ifndef IIOFWD_OUTPUT_H
#define IIOFWD_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "backoff.h"
#include "fmt.h"
#include "queue.h"
#include "spool.h"
#include "url.h"

#define MAX_INFLIGHT 32
#define SPLIT_SEP '\x1f'		/* between the values of a split record */

struct output;

struct output_ops {
	int (*start)(struct output *o, char *err, size_t errlen);
	void (*pump)(struct output *o);		/* send what is possible */
	void (*tick)(struct output *o, uint64_t now_ns);
	int (*reopen)(struct output *o);	/* SIGHUP; may be NULL */
	void (*shutdown)(struct output *o);	/* begin a graceful close */
	bool (*closed)(struct output *o);	/* graceful close done */
	void (*destroy)(struct output *o);
};

struct batch {
	int mid;
	bool acked;
	bool rejected;		/* refused by the server: counted, not resent */
	bool from_spool;
	uint64_t end_seq;
	uint64_t end_off;	/* influx+tcp: stream offset of its last byte */
	struct spool_pos end_pos;
	uint64_t n;
	int64_t t0;		/* arrival of the oldest sample, 0 for spool */
};

struct output {
	const struct output_ops *ops;
	struct app *app;
	struct out_url url;
	char name[URL_MAX_LEN];
	enum out_format fmt;
	unsigned int batch_max;

	struct qcons cons;		/* tail = oldest not acknowledged */
	uint64_t next;			/* next queue sequence to send */
	struct spool *spool;
	struct sbuf pend;		/* spool record read but not sent */
	struct spool_pos pend_pos;
	bool pend_valid;

	struct batch infl[MAX_INFLIGHT];
	unsigned int infl_head, infl_n;

	bool connected;
	bool dead;			/* failed for good (EPIPE): not retried */
	struct backoff bo;
	uint64_t retry_ns;

	struct sbuf tmp;
	void *priv;

	/* formatting, from the templates and tags (output_new) */
	char *lp_series;		/* "measurement,dev=..,tag=.." escaped */
	char *lp_chan[SCAN_MAX_VALUES];	/* per value, when {channel} is used */
	bool per_channel;		/* {channel} in the measurement */
	bool split_channels;		/* {channel} in the MQTT topic: a record is
					 * one part per value, '\x1f' between */
	char *json_tags;		/* ,"tags":{..} or NULL */

	/* counters */
	uint64_t sent;
	uint64_t reconnects;
	uint64_t errors;
	uint64_t lost_at_exit;
	uint64_t rejected;		/* refused by the server (HTTP 4xx): not resent */
	uint64_t lat_count[LAT_BUCKETS + 1];
	double lat_sum;
	uint64_t lat_n;
};

struct output *output_new(struct app *app, const struct out_url *u,
			  char *err, size_t errlen);
void output_free(struct output *o);
/* Leave the queue and free (an output removed at run time). */
void output_remove(struct output *o);

/* Expand a template (template.h) for this output's device: 0 or -1. */
int output_expand(const struct output *o, const char *tpl, const char *channel,
		  char *out, size_t len);

/*
 * --spool: warn about spools of outputs not configured now (removed, or
 * their URL changed); those samples are kept aside, not delivered.
 */
void output_warn_foreign_spools(struct app *app);

/* Samples this output still has to deliver (queue + spool). */
uint64_t output_backlog(const struct output *o);
uint64_t output_dropped(const struct output *o);

/* Format the sample of queue sequence seq as one JSON object / LP line. */
int output_format(struct output *o, uint64_t seq, struct sbuf *b);

/*
 * Build the next payload: from the spool first, then from the queue,
 * at most batch_max samples and (if max_bytes) max_bytes bytes. Separator
 * and framing by mode. Returns samples in the batch (0 = nothing).
 */
enum batch_mode { BM_LINES, BM_JSON_ARRAY };
unsigned int output_next_batch(struct output *o, struct sbuf *payload,
			       struct batch *b, enum batch_mode mode,
			       size_t max_bytes);
/* Track a sent batch; acknowledge in order with output_ack(). */
struct batch *output_track(struct output *o, const struct batch *b);
void output_ack_mid(struct output *o, int mid);
/* The server refused batch mid for good (MQTT 5 reason code >= 0x80). */
void output_reject_mid(struct output *o, int mid);
void output_ack_now(struct output *o, const struct batch *b);
/* Connection lost: everything unacknowledged will be sent again. */
void output_rewind(struct output *o);
/* At exit: move what is undelivered to the spool, or count it lost. */
void output_final_spill(struct output *o);
void output_schedule_retry(struct output *o, const char *why);
/* Give the output up for good; what it still holds counts as dropped. */
void output_kill(struct output *o, const char *why);
/* A dead output lets go of what was read since (counted as dropped). */
void output_discard(struct output *o);

/*
 * Resolve host:port of o without blocking (resolve.h) and open a
 * non-blocking socket to the first address that takes it (a TCP socket
 * with keepalive and TCP_USER_TIMEOUT). 1 = connect in progress,
 * 0 = connected, -EAGAIN while the name is looked up, or another -errno.
 */
struct resolve;
int net_open(struct output *o, struct resolve *r, bool *resolving, int type,
	     int *fd_out);

extern const struct output_ops out_file_ops, out_mqtt_ops,
	out_influx_tcp_ops, out_influx_udp_ops, out_http_ops;

#endif
