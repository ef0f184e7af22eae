// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "metrics.h"

struct metrics {
	struct MHD_Daemon *d;
	struct app *app;
	metrics_render_fn render;
	int epfd;
	struct sbuf body;
};

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
			       const char *url, const char *method,
			       const char *version, const char *upload,
			       size_t *upload_size, void **con_cls)
{
	struct metrics *m = cls;
	struct MHD_Response *r;
	enum MHD_Result ret;
	unsigned int status = MHD_HTTP_OK;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)con_cls;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return MHD_NO;
	sbuf_reset(&m->body);
	if (!strcmp(url, "/metrics") || !strcmp(url, "/")) {
		m->render(m->app, &m->body);
	} else {
		sbuf_printf(&m->body, "not found; try /metrics\n");
		status = MHD_HTTP_NOT_FOUND;
	}
	r = MHD_create_response_from_buffer(m->body.len, m->body.p ? m->body.p : (char *)"",
					    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/plain; version=0.0.4");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static void mhd_cb(struct evloop *l, int fd, uint32_t events, void *data)
{
	struct metrics *m = data;

	(void)l;
	(void)fd;
	(void)events;
	MHD_run(m->d);
}

int metrics_start(struct metrics **out, struct app *a, const char *hostport,
		  metrics_render_fn render, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
	struct addrinfo *res;
	const union MHD_DaemonInfo *info;
	char host[128];
	const char *colon = strrchr(hostport, ':');
	struct metrics *m;
	int ret;

	snprintf(host, sizeof(host), "%.*s", (int)(colon - hostport), hostport);
	if (host[0] == '[') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	ret = getaddrinfo(host, colon + 1, &hints, &res);
	if (ret) {
		snprintf(err, errlen, "--metrics %s: %s", hostport, gai_strerror(ret));
		return -1;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		freeaddrinfo(res);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	m->app = a;
	m->render = render;
	m->d = MHD_start_daemon(MHD_USE_EPOLL | (res->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0),
				0, NULL, NULL, handler, m,
				MHD_OPTION_SOCK_ADDR, res->ai_addr,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned int)16,
				MHD_OPTION_END);
	freeaddrinfo(res);
	if (!m->d) {
		snprintf(err, errlen, "--metrics %s: cannot listen (in use?)", hostport);
		free(m);
		return -1;
	}
	info = MHD_get_daemon_info(m->d, MHD_DAEMON_INFO_EPOLL_FD);
	if (!info || ev_add(a->ev, info->epoll_fd, EPOLLIN, mhd_cb, m)) {
		snprintf(err, errlen, "--metrics: cannot watch the HTTP daemon");
		MHD_stop_daemon(m->d);
		free(m);
		return -1;
	}
	m->epfd = info->epoll_fd;
	*out = m;
	return 0;
}

void metrics_tick(struct metrics *m)
{
	if (m)
		MHD_run(m->d);
}

void metrics_stop(struct metrics *m)
{
	if (!m)
		return;
	ev_del(m->app->ev, m->epfd);
	MHD_stop_daemon(m->d);
	sbuf_free(&m->body);
	free(m);
}
