/* SPDX-License-Identifier: GPL-2.0 */
/* SIGHUP: reload the outputs, tags and verbosity (reload.c says how). */
#ifndef IIOFWD_RELOAD_H
#define IIOFWD_RELOAD_H

struct app;

/* 0, or -1 when the configuration or an output failed (logged). */
int app_reload(struct app *a);

#endif
