// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"

int log_level = L_WARN;

static const char *const level_names[] = { "error", "warning", "info", "debug" };

/* sd-daemon.h's SD_ERR, SD_WARNING, SD_INFO, SD_DEBUG */
static const char *const journal_prio[] = { "<3>", "<4>", "<6>", "<7>" };

/*
 * Whether stderr is a stream to the journal: systemd sets JOURNAL_STREAM to
 * "DEV:INODE" of the stream it connected stdout/stderr to (systemd.exec(5));
 * stderr is the journal if fd 2 is still that file. Then each line starts
 * with its syslog priority, which journald strips and records.
 */
static bool stderr_is_journal(void)
{
	static int cached = -1;
	unsigned long long dev, ino;
	const char *e;
	struct stat st;
	char c;

	if (cached >= 0)
		return cached;
	cached = 0;
	e = getenv("JOURNAL_STREAM");
	if (e && sscanf(e, "%llu:%llu%c", &dev, &ino, &c) == 2 &&
	    !fstat(2, &st) && (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino)
		cached = 1;
	return cached;
}

const char *log_prio(int level)
{
	if (level < L_ERR)
		level = L_ERR;
	if (level > L_DEBUG)
		level = L_DEBUG;
	return stderr_is_journal() ? journal_prio[level] : "";
}

void logmsg(int level, const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	if (level > log_level)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr, "%siiofwd[%ld.%03ld] %s: ", log_prio(level), (long)ts.tv_sec,
		ts.tv_nsec / 1000000, level_names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void log_plain(int level, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%siiofwd: ", log_prio(level));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
