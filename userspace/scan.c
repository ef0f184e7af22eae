// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "util.h"

/* Parse a decimal number of at most 3 digits; advances *s. */
static int parse_small(const char **s, unsigned int *out)
{
	unsigned int v = 0;
	int n = 0;

	while (**s >= '0' && **s <= '9') {
		if (++n > 3)
			return -1;
		v = v * 10 + (unsigned int)(**s - '0');
		(*s)++;
	}
	if (!n)
		return -1;
	*out = v;
	return 0;
}

int scan_type_parse(const char *s, struct scan_type *t)
{
	struct scan_type r = { .repeat = 1 };
	char sign;

	if (!s)
		return -1;
	if (!strncmp(s, "le:", 3))
		r.be = false;
	else if (!strncmp(s, "be:", 3))
		r.be = true;
	else
		return -1;
	s += 3;
	sign = *s++;
	if (sign == 's' || sign == 'S')
		r.is_signed = true;
	else if (sign != 'u' && sign != 'U')
		return -1;
	if (parse_small(&s, &r.bits) || *s++ != '/')
		return -1;
	if (parse_small(&s, &r.storagebits))
		return -1;
	if (*s == 'X') {
		s++;
		if (parse_small(&s, &r.repeat))
			return -1;
	}
	if (s[0] != '>' || s[1] != '>')
		return -1;
	s += 2;
	if (parse_small(&s, &r.shift))
		return -1;
	/* tolerate the trailing newline of a sysfs read */
	if (*s == '\n')
		s++;
	if (*s)
		return -1;

	if (r.storagebits != 8 && r.storagebits != 16 &&
	    r.storagebits != 32 && r.storagebits != 64)
		return -1;
	if (!r.bits || r.bits > r.storagebits ||
	    r.shift + r.bits > r.storagebits)
		return -1;
	if (!r.repeat || r.repeat > SCAN_MAX_VALUES)
		return -1;
	*t = r;
	return 0;
}

int scan_type_format(const struct scan_type *t, char *buf, size_t len)
{
	char rep[16] = "";
	int n;

	if (t->repeat > 1)
		snprintf(rep, sizeof(rep), "X%u", t->repeat);
	n = snprintf(buf, len, "%s:%c%u/%u%s>>%u", t->be ? "be" : "le",
		     t->is_signed ? 's' : 'u', t->bits, t->storagebits, rep,
		     t->shift);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int cmp_index(const void *a, const void *b)
{
	const struct scan_chan *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

/* Common "<type>_" prefix of all non-timestamp ids, e.g. "accel_". */
static size_t common_prefix(const struct scan_layout *l)
{
	const char *first = NULL, *us;
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < l->nch; i++) {
		if (l->ch[i].is_timestamp)
			continue;
		if (!first) {
			first = l->ch[i].id;
			us = strchr(first, '_');
			if (!us || !us[1])
				return 0;
			len = (size_t)(us - first) + 1;
		} else if (strncmp(first, l->ch[i].id, len) || !l->ch[i].id[len]) {
			return 0;
		}
	}
	return len;
}

int scan_layout_compute(struct scan_layout *l, char *err, size_t errlen)
{
	unsigned int i, j, bytes = 0, largest = 0;
	size_t prefix;

	if (!l->nch) {
		snprintf(err, errlen, "no channels enabled");
		return -1;
	}
	if (l->nch > SCAN_MAX_CH) {
		snprintf(err, errlen, "too many channels (max %d)", SCAN_MAX_CH);
		return -1;
	}
	qsort(l->ch, l->nch, sizeof(l->ch[0]), cmp_index);
	l->ts_chan = -1;
	l->nvalues = 0;
	for (i = 0; i < l->nch; i++) {
		struct scan_chan *c = &l->ch[i];
		unsigned int len = c->type.storagebits / 8 * c->type.repeat;

		if (c->index < 0) {
			snprintf(err, errlen, "channel %s: no scan index", c->id);
			return -1;
		}
		if (i && c->index == l->ch[i - 1].index) {
			snprintf(err, errlen, "channels %s and %s share index %d",
				 l->ch[i - 1].id, c->id, c->index);
			return -1;
		}
		if (!len) {
			snprintf(err, errlen, "channel %s: no type", c->id);
			return -1;
		}
		/* the kernel aligns each element to its own length */
		if (bytes % len)
			bytes += len - bytes % len;
		c->byte_offset = bytes;
		bytes += len;
		if (len > largest)
			largest = len;
		if (c->is_timestamp) {
			if (l->ts_chan >= 0 || c->type.repeat != 1) {
				snprintf(err, errlen, "bad timestamp channel %s", c->id);
				return -1;
			}
			l->ts_chan = (int)i;
			continue;
		}
		if (l->nvalues + c->type.repeat > SCAN_MAX_VALUES) {
			snprintf(err, errlen, "too many values (max %d)",
				 SCAN_MAX_VALUES);
			return -1;
		}
		for (j = 0; j < c->type.repeat; j++) {
			struct scan_value *v = &l->val[l->nvalues++];

			v->chan = i;
			v->rep = j;
		}
	}
	if (bytes % largest)
		bytes += largest - bytes % largest;
	if (bytes > SCAN_MAX_BYTES) {
		snprintf(err, errlen, "scan record of %u bytes too large (max %d)",
			 bytes, SCAN_MAX_BYTES);
		return -1;
	}
	l->bytes = bytes;

	prefix = common_prefix(l);
	for (i = 0; i < l->nvalues; i++) {
		struct scan_value *v = &l->val[i];
		const struct scan_chan *c = &l->ch[v->chan];
		char id[SCAN_ID_LEN];

		memcpy(id, c->id + prefix, sizeof(id) - prefix);
		id[sizeof(id) - 1 - prefix] = '\0';
		if (c->type.repeat > 1)
			snprintf(v->key, sizeof(v->key), "%.30s_%u", id, v->rep);
		else
			snprintf(v->key, sizeof(v->key), "%s", id);
	}
	return 0;
}

int64_t scan_extract(const struct scan_type *t, const uint8_t *p,
		     unsigned int rep)
{
	unsigned int nbytes = t->storagebits / 8, i;
	uint64_t v = 0;

	p += (size_t)rep * nbytes;
	for (i = 0; i < nbytes; i++) {
		unsigned int b = t->be ? i : nbytes - 1 - i;

		v = (v << 8) | p[b];
	}
	v >>= t->shift;
	if (t->bits < 64) {
		v &= (1ull << t->bits) - 1;
		if (t->is_signed && (v & (1ull << (t->bits - 1))))
			v |= ~0ull << t->bits;
	}
	return (int64_t)v;
}

void scan_decode(const struct scan_layout *l, const uint8_t *rec,
		 int64_t arrival_ns, struct sample *s)
{
	unsigned int i;

	s->n = l->nvalues;
	for (i = 0; i < l->nvalues; i++) {
		const struct scan_chan *c = &l->ch[l->val[i].chan];

		s->raw[i] = scan_extract(&c->type, rec + c->byte_offset,
					 l->val[i].rep);
	}
	if (l->ts_chan >= 0) {
		const struct scan_chan *c = &l->ch[l->ts_chan];

		s->t = scan_extract(&c->type, rec + c->byte_offset, 0);
	} else {
		s->t = arrival_ns;
	}
}

double scan_value_scaled(const struct scan_layout *l, unsigned int v,
			 int64_t raw)
{
	const struct scan_chan *c = &l->ch[l->val[v].chan];

	return ((double)raw + c->offset) * c->scale;
}
