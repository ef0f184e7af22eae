// SPDX-License-Identifier: GPL-2.0
/* The bounded queue: per-consumer tails, eviction, exact drop counts. */
#include "unit.h"

#include "backoff.h"
#include "queue.h"

static void push(struct queue *q, uint32_t v)
{
	uint32_t *e = queue_reserve(q);

	*e = v;
	queue_push(q);
}

static void t_basic(void **state)
{
	struct queue q;
	struct qcons c = { 0 };
	uint32_t i;

	(void)state;
	assert_int_equal(queue_init(&q, 8, sizeof(uint32_t)), 0);
	assert_int_equal(queue_add_consumer(&q, &c), 0);
	assert_int_equal(queue_space(&q), 8);
	for (i = 0; i < 5; i++)
		push(&q, 100 + i);
	assert_int_equal(queue_depth(&q, &c), 5);
	assert_int_equal(queue_space(&q), 3);
	for (i = 0; i < 5; i++)
		assert_int_equal(*(const uint32_t *)queue_at(&q, i), 100 + i);
	assert_null(queue_at(&q, 5));			/* not written yet */
	c.tail = 5;
	assert_int_equal(queue_space(&q), 8);
	assert_int_equal(c.dropped, 0);
	queue_free(&q);
	assert_int_equal(queue_init(&q, 0, 4), -EINVAL);
}

static void t_drop_oldest_exact(void **state)
{
	struct queue q;
	struct qcons slow = { 0 }, fast = { 0 };
	uint32_t i;

	(void)state;
	assert_int_equal(queue_init(&q, 10, sizeof(uint32_t)), 0);
	queue_add_consumer(&q, &slow);
	queue_add_consumer(&q, &fast);
	for (i = 0; i < 100; i++) {
		push(&q, i);
		fast.tail = q.head;		/* the fast one keeps up */
	}
	/* the slow one lost exactly the 90 oldest, keeps the newest 10 */
	assert_int_equal(slow.dropped, 90);
	assert_int_equal(fast.dropped, 0);
	assert_int_equal(slow.tail, 90);
	for (i = 90; i < 100; i++)
		assert_int_equal(*(const uint32_t *)queue_at(&q, i), i);
	assert_null(queue_at(&q, 89));			/* overwritten */
	assert_int_equal(queue_oldest(&q), 90);
	queue_free(&q);
}

static uint64_t saved[64];
static unsigned int nsaved;

static bool save(struct qcons *c, uint64_t seq, const void *entry)
{
	(void)c;
	assert_int_equal(*(const uint32_t *)entry, (uint32_t)seq);
	saved[nsaved++] = seq;
	return true;
}

static bool refuse(struct qcons *c, uint64_t seq, const void *entry)
{
	(void)c;
	(void)seq;
	(void)entry;
	return false;
}

static void t_evict_callback(void **state)
{
	struct queue q;
	struct qcons c = { 0 }, d = { 0 };
	uint32_t i;

	(void)state;
	nsaved = 0;
	queue_init(&q, 4, sizeof(uint32_t));
	queue_add_consumer(&q, &c);
	queue_add_consumer(&q, &d);
	c.evict = save;
	d.evict = refuse;
	for (i = 0; i < 10; i++)
		push(&q, i);
	/* evicted in order, each exactly once; saved ones are not drops */
	assert_int_equal(nsaved, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(saved[i], i);
	assert_int_equal(c.dropped, 0);
	assert_int_equal(d.dropped, 6);
	queue_free(&q);
}

static void t_partial_consumer(void **state)
{
	struct queue q;
	struct qcons c = { 0 };
	uint32_t i;

	(void)state;
	queue_init(&q, 4, sizeof(uint32_t));
	queue_add_consumer(&q, &c);
	for (i = 0; i < 3; i++)
		push(&q, i);
	c.tail = 2;		/* delivered 0 and 1 */
	for (i = 3; i < 6; i++)
		push(&q, i);	/* 2..5 fit exactly */
	assert_int_equal(c.dropped, 0);
	push(&q, 6);
	assert_int_equal(c.dropped, 1);
	assert_int_equal(c.tail, 3);
	queue_free(&q);
}

static void t_backoff(void **state)
{
	struct backoff b;
	unsigned int i, d, prev_max = 0;

	(void)state;
	backoff_init(&b, 100, 5000, 42);
	for (i = 0; i < 20; i++) {
		unsigned int full = 100u << (i < 10 ? i : 10);

		if (full > 5000)
			full = 5000;
		d = backoff_next(&b);
		if (d < full / 2 || d > full)
			fail_msg("attempt %u: %u ms not in [%u, %u]", i, d, full / 2, full);
		assert_true(full >= prev_max);
		prev_max = full;
	}
	backoff_reset(&b);
	d = backoff_next(&b);
	assert_true(d >= 50 && d <= 100);

	/* jitter: not always the same value */
	{
		unsigned int first, diff = 0;

		backoff_init(&b, 1000, 1000, 7);
		first = backoff_next(&b);
		for (i = 0; i < 50; i++)
			diff |= backoff_next(&b) != first;
		assert_true(diff);
	}
	/* degenerate bounds */
	backoff_init(&b, 0, 0, 0);
	for (i = 0; i < 100; i++)
		assert_true(backoff_next(&b) <= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_basic),
		cmocka_unit_test(t_drop_oldest_exact),
		cmocka_unit_test(t_evict_callback),
		cmocka_unit_test(t_partial_consumer),
		cmocka_unit_test(t_backoff),
	};

	return cmocka_run_group_tests_name("queue", tests, NULL, NULL);
}
