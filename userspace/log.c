// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "log.h"

int log_level = L_WARN;

static const char *const level_names[] = { "error", "warning", "info", "debug" };

void logmsg(int level, const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	if (level > log_level)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr, "iiofwd[%ld.%03ld] %s: ", (long)ts.tv_sec,
		ts.tv_nsec / 1000000, level_names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
