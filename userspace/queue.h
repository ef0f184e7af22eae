/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded sample queue shared by all outputs. Entries are numbered by an
 * absolute sequence; each output (consumer) has its own tail: the oldest
 * entry it still needs. When the queue is full, the entry at head-cap is
 * evicted: consumers still needing it either spill it (spool) or count it
 * as dropped.
 */
#ifndef IIOFWD_QUEUE_H
#define IIOFWD_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QUEUE_MAX_CONS	8

struct qcons {
	uint64_t tail;			/* oldest sequence still needed */
	uint64_t dropped;
	/* returns true if the entry was saved elsewhere (not dropped) */
	bool (*evict)(struct qcons *c, uint64_t seq, const void *entry);
};

struct queue {
	uint8_t *buf;
	size_t cap;			/* entries */
	size_t esz;			/* entry size */
	uint64_t head;			/* next sequence to be written */
	unsigned int ncons;
	struct qcons *cons[QUEUE_MAX_CONS];
};

int queue_init(struct queue *q, size_t cap, size_t esz);
void queue_free(struct queue *q);
int queue_add_consumer(struct queue *q, struct qcons *c);
void queue_remove_consumer(struct queue *q, struct qcons *c);

/* Slot for the next entry (evicting the oldest if full); commit with push. */
void *queue_reserve(struct queue *q);
void queue_push(struct queue *q);

/* Entries seq in [oldest, head) are readable. */
const void *queue_at(const struct queue *q, uint64_t seq);
uint64_t queue_oldest(const struct queue *q);
size_t queue_space(const struct queue *q);	/* free slots before evicting */
size_t queue_depth(const struct queue *q, const struct qcons *c);

#endif
