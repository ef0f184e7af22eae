// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

void sbuf_free(struct sbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	b->oom = false;
	if (b->p)
		b->p[0] = '\0';
}

static int sbuf_grow(struct sbuf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (b->len + need + 1 <= b->cap)
		return 0;
	while (cap < b->len + need + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

int sbuf_reserve(struct sbuf *b, size_t n)
{
	return sbuf_grow(b, n);
}

int sbuf_append(struct sbuf *b, const char *s, size_t n)
{
	if (sbuf_grow(b, n))
		return -1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int sbuf_putc(struct sbuf *b, char c)
{
	return sbuf_append(b, &c, 1);
}

int sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	/* one formatting pass in the common case: there is room already */
	if (sbuf_grow(b, 64))
		return -1;
	room = b->cap - b->len;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= room) {
		if (sbuf_grow(b, (size_t)n))
			return -1;
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
	return 0;
}

int fmt_json_escape(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int ret;

		switch (c) {
		case '"':  ret = sbuf_append(b, "\\\"", 2); break;
		case '\\': ret = sbuf_append(b, "\\\\", 2); break;
		case '\b': ret = sbuf_append(b, "\\b", 2); break;
		case '\f': ret = sbuf_append(b, "\\f", 2); break;
		case '\n': ret = sbuf_append(b, "\\n", 2); break;
		case '\r': ret = sbuf_append(b, "\\r", 2); break;
		case '\t': ret = sbuf_append(b, "\\t", 2); break;
		default:
			if (c < 0x20 || c == 0x7f)
				ret = sbuf_printf(b, "\\u%04x", c);
			else
				ret = sbuf_putc(b, (char)c);
		}
		if (ret)
			return -1;
	}
	return 0;
}

int fmt_lp_escape(struct sbuf *b, const char *s, enum lp_ctx ctx)
{
	for (; *s; s++) {
		char c = *s;
		bool esc;

		if (ctx != LP_STRING && ((unsigned char)c < 0x20 || c == 0x7f)) {
			/* newlines end a line; no escape exists for them */
			if (sbuf_putc(b, '_'))
				return -1;
			continue;
		}
		switch (ctx) {
		case LP_MEASUREMENT:
			esc = c == ',' || c == ' ';
			break;
		case LP_TAG:
		case LP_FIELD_KEY:
			esc = c == ',' || c == ' ' || c == '=';
			break;
		default:
			esc = c == '"' || c == '\\';
			break;
		}
		if ((esc && sbuf_putc(b, '\\')) || sbuf_putc(b, c))
			return -1;
	}
	return 0;
}

static int put_double(struct sbuf *b, double v)
{
	if (!isfinite(v))
		return sbuf_append(b, "null", 4);
	return sbuf_printf(b, "%.9g", v);
}

int fmt_json_sample(struct sbuf *b, const char *dev,
		    const struct scan_layout *l, const struct sample *s)
{
	return fmt_json_sample_tags(b, dev, NULL, l, s);
}

int fmt_json_sample_tags(struct sbuf *b, const char *dev, const char *tags,
			 const struct scan_layout *l, const struct sample *s)
{
	unsigned int i;

	if (sbuf_append(b, "{\"dev\":\"", 8) || fmt_json_escape(b, dev) ||
	    sbuf_putc(b, '"') || (tags && sbuf_append(b, tags, strlen(tags))) ||
	    sbuf_printf(b, ",\"seq\":%" PRIu64 ",\"t\":%" PRId64, s->seq, s->t))
		return -1;
	for (i = 0; i < s->n; i++) {
		if (sbuf_append(b, ",\"", 2) || fmt_json_escape(b, l->val[i].key) ||
		    sbuf_append(b, "\":", 2) ||
		    put_double(b, scan_value_scaled(l, i, s->raw[i])))
			return -1;
	}
	if (sbuf_append(b, ",\"raw\":[", 8))
		return -1;
	for (i = 0; i < s->n; i++)
		if (sbuf_printf(b, i ? ",%" PRId64 : "%" PRId64, s->raw[i]))
			return -1;
	return sbuf_append(b, "]}", 2);
}

int fmt_lp_sample(struct sbuf *b, const char *measurement, const char *dev,
		  const struct scan_layout *l, const struct sample *s)
{
	if (fmt_lp_escape(b, measurement, LP_MEASUREMENT) ||
	    sbuf_append(b, ",dev=", 5) || fmt_lp_escape(b, dev, LP_TAG))
		return -1;
	return fmt_lp_series(b, "", l, s);
}

int fmt_lp_channels(struct sbuf *b, char *const *series,
		    const struct scan_layout *l, const struct sample *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		double v = scan_value_scaled(l, i, s->raw[i]);

		if ((i && sbuf_putc(b, '\n')) ||
		    sbuf_append(b, series[i], strlen(series[i])) ||
		    sbuf_printf(b, " seq=%" PRIu64 "i", s->seq) ||
		    (isfinite(v) && sbuf_printf(b, ",value=%.9g", v)) ||
		    sbuf_printf(b, ",raw=%" PRId64 "i %" PRId64, s->raw[i], s->t))
			return -1;
	}
	return 0;
}

int fmt_lp_series(struct sbuf *b, const char *series,
		  const struct scan_layout *l, const struct sample *s)
{
	unsigned int i;
	bool first;

	if (sbuf_append(b, series, strlen(series)) ||
	    sbuf_printf(b, " seq=%" PRIu64 "i", s->seq))
		return -1;
	first = false;
	for (i = 0; i < s->n; i++) {
		double v = scan_value_scaled(l, i, s->raw[i]);

		if (!isfinite(v))
			continue;
		if ((!first && sbuf_putc(b, ',')) ||
		    fmt_lp_escape(b, l->val[i].key, LP_FIELD_KEY) ||
		    sbuf_printf(b, "=%.9g", v))
			return -1;
		first = false;
	}
	for (i = 0; i < s->n; i++) {
		if ((!first && sbuf_putc(b, ',')) ||
		    fmt_lp_escape(b, l->val[i].key, LP_FIELD_KEY) ||
		    sbuf_printf(b, "_raw=%" PRId64 "i", s->raw[i]))
			return -1;
		first = false;
	}
	return sbuf_printf(b, " %" PRId64, s->t);
}

int fmt_json_value(struct sbuf *b, const char *dev, const char *tags,
		   const struct scan_layout *l, const struct sample *s, unsigned int v)
{
	if (sbuf_append(b, "{\"dev\":\"", 8) || fmt_json_escape(b, dev) ||
	    sbuf_putc(b, '"') || (tags && sbuf_append(b, tags, strlen(tags))) ||
	    sbuf_printf(b, ",\"seq\":%" PRIu64 ",\"t\":%" PRId64 ",\"channel\":\"",
			s->seq, s->t) ||
	    fmt_json_escape(b, l->val[v].key) || sbuf_append(b, "\",\"value\":", 10) ||
	    put_double(b, scan_value_scaled(l, v, s->raw[v])) ||
	    sbuf_printf(b, ",\"raw\":%" PRId64 "}", s->raw[v]))
		return -1;
	return 0;
}

int fmt_lp_value(struct sbuf *b, const char *series, bool generic,
		 const struct scan_layout *l, const struct sample *s, unsigned int v)
{
	double d = scan_value_scaled(l, v, s->raw[v]);

	if (sbuf_append(b, series, strlen(series)) ||
	    sbuf_printf(b, " seq=%" PRIu64 "i", s->seq))
		return -1;
	if (isfinite(d) && (sbuf_putc(b, ',') ||
			    (generic ? sbuf_append(b, "value", 5) :
				       fmt_lp_escape(b, l->val[v].key, LP_FIELD_KEY)) ||
			    sbuf_printf(b, "=%.9g", d)))
		return -1;
	if (sbuf_putc(b, ',') ||
	    (generic ? sbuf_append(b, "raw", 3) :
		       (fmt_lp_escape(b, l->val[v].key, LP_FIELD_KEY) ||
			sbuf_append(b, "_raw", 4))) ||
	    sbuf_printf(b, "=%" PRId64 "i %" PRId64, s->raw[v], s->t))
		return -1;
	return 0;
}
