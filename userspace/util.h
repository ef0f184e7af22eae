/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers: clocks, strict number parsing, bounded strings. */
#ifndef IIOFWD_UTIL_H
#define IIOFWD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

uint64_t now_mono_ns(void);
int64_t now_real_ns(void);

/* Whole string must be a number in [min, max]; returns 0 or -1. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int parse_double(const char *s, double min, double max, double *out);
int parse_bool(const char *s, bool *out);

/* Copies with truncation check: returns -1 if src does not fit. */
int str_copy(char *dst, size_t size, const char *src);
int str_ncopy(char *dst, size_t size, const char *src, size_t n);

int count_open_fds(void);

#endif
