/* SPDX-License-Identifier: GPL-2.0 */
/* A tiny epoll event loop: one callback per descriptor. */
#ifndef IIOFWD_EVLOOP_H
#define IIOFWD_EVLOOP_H

#include <stdint.h>
#include <sys/epoll.h>

struct evloop;
typedef void (*ev_cb)(struct evloop *l, int fd, uint32_t events, void *data);

struct evloop *ev_new(void);
void ev_free(struct evloop *l);
int ev_add(struct evloop *l, int fd, uint32_t events, ev_cb cb, void *data);
int ev_mod(struct evloop *l, int fd, uint32_t events);
/* Safe on descriptors already closed (the kernel dropped them). */
void ev_del(struct evloop *l, int fd);
/* Wait up to timeout_ms and dispatch; returns events handled or -errno. */
int ev_run_once(struct evloop *l, int timeout_ms);
/* epoll_wait()s so far: events of one wait were all current at its return. */
uint64_t ev_waits(const struct evloop *l);

/* Periodic or one-shot timerfd helpers. */
int timerfd_open_ms(unsigned int first_ms, unsigned int period_ms);
int timerfd_set_ms(int fd, unsigned int first_ms, unsigned int period_ms);
uint64_t timerfd_drain(int fd);

#endif
