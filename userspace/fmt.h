/* SPDX-License-Identifier: GPL-2.0 */
/* Growable string buffer, JSON and InfluxDB line-protocol formatting. */
#ifndef IIOFWD_FMT_H
#define IIOFWD_FMT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "scan.h"

struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

void sbuf_free(struct sbuf *b);
void sbuf_reset(struct sbuf *b);
/* Room for n more bytes plus a NUL. */
int sbuf_reserve(struct sbuf *b, size_t n);
int sbuf_append(struct sbuf *b, const char *s, size_t n);
int sbuf_putc(struct sbuf *b, char c);
int sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* JSON string contents (without quotes). */
int fmt_json_escape(struct sbuf *b, const char *s);

enum lp_ctx { LP_MEASUREMENT, LP_TAG, LP_FIELD_KEY, LP_STRING };
/* Line protocol escaping of one element of a line. */
int fmt_lp_escape(struct sbuf *b, const char *s, enum lp_ctx ctx);

/* {"dev":..,"seq":..,"t":..,"x":..,...,"raw":[..]} without newline */
int fmt_json_sample(struct sbuf *b, const char *dev,
		    const struct scan_layout *l, const struct sample *s);
/* measurement,dev=.. seq=..i,x=..,x_raw=..i,... t  without newline */
int fmt_lp_sample(struct sbuf *b, const char *measurement, const char *dev,
		  const struct scan_layout *l, const struct sample *s);

/*
 * With tags and templates: tags is inserted after "dev":"..",  as
 * ,"tags":{..} (pre-rendered, may be NULL); series is the line's escaped
 * "measurement,dev=..,tag=.." part. fmt_lp_channels writes one line per
 * value (series[v]: "seq=..i,value=..,raw=..i t"), '\n' between them.
 */
int fmt_json_sample_tags(struct sbuf *b, const char *dev, const char *tags,
			 const struct scan_layout *l, const struct sample *s);
int fmt_lp_series(struct sbuf *b, const char *series,
		  const struct scan_layout *l, const struct sample *s);
int fmt_lp_channels(struct sbuf *b, char *const *series,
		    const struct scan_layout *l, const struct sample *s);
/*
 * Value v of a sample alone: {"dev":..,"seq":..,"t":..,"channel":"x",
 * "value":..,"raw":..} or "series seq=..i,x=..,x_raw=..i t" (series NULL:
 * the whole-sample line's fields) / "series seq=..i,value=..,raw=..i t".
 */
int fmt_json_value(struct sbuf *b, const char *dev, const char *tags,
		   const struct scan_layout *l, const struct sample *s, unsigned int v);
int fmt_lp_value(struct sbuf *b, const char *series, bool generic,
		 const struct scan_layout *l, const struct sample *s, unsigned int v);

#endif
