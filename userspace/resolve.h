/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host name resolution off the event loop: getaddrinfo_a() runs the lookup
 * in glibc's helper thread and the output polls it on its tick, so a slow
 * or dead resolver never stalls device reads. Numeric addresses resolve at
 * once. A request still running at exit is left to glibc (its slot is
 * static storage, never freed under it).
 */
#ifndef IIOFWD_RESOLVE_H
#define IIOFWD_RESOLVE_H

#include <netdb.h>

struct resolve;

/* A slot for one output's lookups; NULL when all are taken. */
struct resolve *resolve_get(void);
void resolve_put(struct resolve *r);

/*
 * Start looking up host:port (or continue the lookup under way). Returns
 * 1 with *res (freeaddrinfo() it) when done, 0 while in progress, or -1
 * with *why when the name does not resolve.
 */
int resolve_poll(struct resolve *r, const char *host, unsigned int port,
		 int socktype, struct addrinfo **res, const char **why);

#endif
