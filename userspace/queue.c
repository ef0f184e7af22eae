// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"

int queue_init(struct queue *q, size_t cap, size_t esz)
{
	memset(q, 0, sizeof(*q));
	if (!cap || !esz || cap > SIZE_MAX / esz)
		return -EINVAL;
	q->buf = calloc(cap, esz);
	if (!q->buf)
		return -ENOMEM;
	q->cap = cap;
	q->esz = esz;
	return 0;
}

void queue_free(struct queue *q)
{
	free(q->buf);
	q->buf = NULL;
}

int queue_add_consumer(struct queue *q, struct qcons *c)
{
	if (q->ncons >= QUEUE_MAX_CONS)
		return -ENOSPC;
	c->tail = q->head;
	c->dropped = 0;
	q->cons[q->ncons++] = c;
	return 0;
}

void queue_remove_consumer(struct queue *q, struct qcons *c)
{
	unsigned int i;

	for (i = 0; i < q->ncons; i++) {
		if (q->cons[i] != c)
			continue;
		memmove(&q->cons[i], &q->cons[i + 1],
			(q->ncons - i - 1) * sizeof(q->cons[0]));
		q->ncons--;
		return;
	}
}

uint64_t queue_oldest(const struct queue *q)
{
	uint64_t oldest = q->head;
	unsigned int i;

	for (i = 0; i < q->ncons; i++)
		if (q->cons[i]->tail < oldest)
			oldest = q->cons[i]->tail;
	return oldest;
}

size_t queue_space(const struct queue *q)
{
	return q->cap - (size_t)(q->head - queue_oldest(q));
}

size_t queue_depth(const struct queue *q, const struct qcons *c)
{
	return (size_t)(q->head - c->tail);
}

const void *queue_at(const struct queue *q, uint64_t seq)
{
	if (seq >= q->head || q->head - seq > q->cap)
		return NULL;
	return q->buf + (size_t)(seq % q->cap) * q->esz;
}

void *queue_reserve(struct queue *q)
{
	if (q->head - queue_oldest(q) >= q->cap) {
		uint64_t victim = q->head - q->cap;
		const void *e = queue_at(q, victim);
		unsigned int i;

		for (i = 0; i < q->ncons; i++) {
			struct qcons *c = q->cons[i];

			if (c->tail != victim)
				continue;
			if (!c->evict || !c->evict(c, victim, e))
				c->dropped++;
			c->tail = victim + 1;
		}
	}
	return q->buf + (size_t)(q->head % q->cap) * q->esz;
}

void queue_push(struct queue *q)
{
	q->head++;
}
