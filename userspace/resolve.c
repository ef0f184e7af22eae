// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "resolve.h"

struct resolve {
	bool used;
	bool busy;			/* a request is with glibc */
	struct gaicb cb;
	struct gaicb *list[1];
	struct addrinfo hints;
	char host[URL_HOST_LEN];
	char port[8];
};

/* static: a lookup that outlives its output never writes to freed memory */
static struct resolve slots[CFG_MAX_OUTPUTS * 2];

struct resolve *resolve_get(void)
{
	size_t i;

	for (i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
		if (!slots[i].used && !slots[i].busy) {
			slots[i].used = true;
			return &slots[i];
		}
	}
	return NULL;
}

void resolve_put(struct resolve *r)
{
	if (!r)
		return;
	if (r->busy && gai_cancel(&r->cb) == EAI_CANCELED)
		r->busy = false;
	if (!r->busy && r->cb.ar_result) {
		freeaddrinfo(r->cb.ar_result);
		r->cb.ar_result = NULL;
	}
	r->used = false;
}

int resolve_poll(struct resolve *r, const char *host, unsigned int port,
		 int socktype, struct addrinfo **res, const char **why)
{
	struct addrinfo hints = { .ai_socktype = socktype, .ai_flags = AI_NUMERICHOST };
	char p[8];
	int ret;

	snprintf(p, sizeof(p), "%u", port);
	*res = NULL;
	if (!r->busy) {
		/* an address: no lookup */
		ret = getaddrinfo(host, p, &hints, res);
		if (!ret)
			return 1;
		memset(&r->cb, 0, sizeof(r->cb));
		snprintf(r->host, sizeof(r->host), "%s", host);
		memcpy(r->port, p, sizeof(p));
		r->hints = (struct addrinfo){ .ai_socktype = socktype };
		r->cb.ar_name = r->host;
		r->cb.ar_service = r->port;
		r->cb.ar_request = &r->hints;
		r->list[0] = &r->cb;
		ret = getaddrinfo_a(GAI_NOWAIT, r->list, 1, NULL);
		if (ret) {
			*why = gai_strerror(ret);
			return -1;
		}
		r->busy = true;
	}
	ret = gai_error(&r->cb);
	if (ret == EAI_INPROGRESS)
		return 0;
	r->busy = false;
	if (ret) {
		if (r->cb.ar_result)
			freeaddrinfo(r->cb.ar_result);
		r->cb.ar_result = NULL;
		*why = gai_strerror(ret);
		return -1;
	}
	*res = r->cb.ar_result;
	r->cb.ar_result = NULL;
	return 1;
}
