/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Levelled logging to stderr. When stderr is the journal (JOURNAL_STREAM
 * names it), each line starts with its priority, "<3>" for an error etc.
 */
#ifndef IIOFWD_LOG_H
#define IIOFWD_LOG_H

enum log_level { L_ERR, L_WARN, L_INFO, L_DEBUG };

extern int log_level;

void logmsg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "iiofwd: MESSAGE" (no time or level word), whatever log_level says */
void log_plain(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* the priority prefix for a line of LEVEL: "<3>" etc. or "" */
const char *log_prio(int level);

#define log_err(...)	logmsg(L_ERR, __VA_ARGS__)
#define log_warn(...)	logmsg(L_WARN, __VA_ARGS__)
#define log_info(...)	logmsg(L_INFO, __VA_ARGS__)
#define log_debug(...)	logmsg(L_DEBUG, __VA_ARGS__)

#endif
