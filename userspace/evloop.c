// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "evloop.h"

struct ev_handler {
	ev_cb cb;
	void *data;
	uint32_t events;
};

struct evloop {
	int epfd;
	struct ev_handler *h;
	int nh;
	uint64_t waits;
};

struct evloop *ev_new(void)
{
	struct evloop *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		free(l);
		return NULL;
	}
	return l;
}

void ev_free(struct evloop *l)
{
	if (!l)
		return;
	close(l->epfd);
	free(l->h);
	free(l);
}

static int ev_grow(struct evloop *l, int fd)
{
	struct ev_handler *h;
	int n = l->nh ? l->nh : 64;

	if (fd < l->nh)
		return 0;
	while (n <= fd)
		n *= 2;
	h = realloc(l->h, sizeof(*h) * (size_t)n);
	if (!h)
		return -ENOMEM;
	memset(h + l->nh, 0, sizeof(*h) * (size_t)(n - l->nh));
	l->h = h;
	l->nh = n;
	return 0;
}

int ev_add(struct evloop *l, int fd, uint32_t events, ev_cb cb, void *data)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	if (fd < 0 || ev_grow(l, fd))
		return -EINVAL;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		if (errno != EEXIST)
			return -errno;
		/* a stale registration of a reused descriptor number */
		if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev))
			return -errno;
	}
	l->h[fd].cb = cb;
	l->h[fd].data = data;
	l->h[fd].events = events;
	return 0;
}

int ev_mod(struct evloop *l, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	if (fd < 0 || fd >= l->nh || !l->h[fd].cb)
		return -EINVAL;
	if (l->h[fd].events == events)
		return 0;
	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev))
		return -errno;
	l->h[fd].events = events;
	return 0;
}

void ev_del(struct evloop *l, int fd)
{
	if (fd < 0 || fd >= l->nh)
		return;
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	l->h[fd].cb = NULL;
	l->h[fd].data = NULL;
	l->h[fd].events = 0;
}

int ev_run_once(struct evloop *l, int timeout_ms)
{
	struct epoll_event evs[32];
	int n, i;

	n = epoll_wait(l->epfd, evs, 32, timeout_ms);
	l->waits++;
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		int fd = evs[i].data.fd;

		if (fd < l->nh && l->h[fd].cb)
			l->h[fd].cb(l, fd, evs[i].events, l->h[fd].data);
	}
	return n;
}

uint64_t ev_waits(const struct evloop *l)
{
	return l->waits;
}

int timerfd_set_ms(int fd, unsigned int first_ms, unsigned int period_ms)
{
	struct itimerspec its = {
		.it_value = { first_ms / 1000, (long)(first_ms % 1000) * 1000000 },
		.it_interval = { period_ms / 1000, (long)(period_ms % 1000) * 1000000 },
	};

	if (!first_ms && period_ms)
		its.it_value.tv_nsec = 1;
	return timerfd_settime(fd, 0, &its, NULL) ? -errno : 0;
}

int timerfd_open_ms(unsigned int first_ms, unsigned int period_ms)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (timerfd_set_ms(fd, first_ms, period_ms)) {
		close(fd);
		return -1;
	}
	return fd;
}

uint64_t timerfd_drain(int fd)
{
	uint64_t n = 0;

	if (read(fd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}
