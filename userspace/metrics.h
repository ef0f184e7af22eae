/* SPDX-License-Identifier: GPL-2.0 */
/* Prometheus text endpoint on libmicrohttpd, run from our event loop. */
#ifndef IIOFWD_METRICS_H
#define IIOFWD_METRICS_H

#include <stddef.h>

#include "app.h"
#include "fmt.h"

struct metrics;

typedef void (*metrics_render_fn)(struct app *a, struct sbuf *b);

int metrics_start(struct metrics **out, struct app *a, const char *hostport,
		  metrics_render_fn render, char *err, size_t errlen);
void metrics_tick(struct metrics *m);
void metrics_stop(struct metrics *m);

#endif
