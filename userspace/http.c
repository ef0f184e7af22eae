// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <strings.h>

#include "http.h"

/* Value of header name in the header lines [h, end), or NULL; *vend its end. */
static const char *header(const char *h, const char *end, const char *name,
			  const char **vend)
{
	size_t nl = strlen(name);

	while (h < end) {
		const char *eol = memchr(h, '\n', (size_t)(end - h));

		if (!eol)
			eol = end;
		if ((size_t)(eol - h) > nl && !strncasecmp(h, name, nl) && h[nl] == ':') {
			h += nl + 1;
			while (h < eol && (*h == ' ' || *h == '\t'))
				h++;
			*vend = eol > h && eol[-1] == '\r' ? eol - 1 : eol;
			return h;
		}
		h = eol + 1;
	}
	return NULL;
}

/* Decimal [s, e) with optional trailing blanks: 0, or -1 if not a number <= max. */
static int number(const char *s, const char *e, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (s == e)
		return -1;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

static bool value_is(const char *v, const char *ve, const char *word)
{
	size_t n = strlen(word);

	return v && (size_t)(ve - v) >= n && !strncasecmp(v, word, n);
}

int http_parse_response(const char *buf, size_t len, bool eof, struct http_response *r)
{
	const char *end, *hdrs, *v, *ve;
	unsigned long n;

	memset(r, 0, sizeof(*r));
	if (len > HTTP_MAX_RESPONSE)
		len = HTTP_MAX_RESPONSE + 1;	/* what matters is within the bound */
	end = memmem(buf, len, "\r\n\r\n", 4);
	if (!end)
		return len > HTTP_MAX_RESPONSE || eof ? -1 : 0;
	r->hdr_len = (size_t)(end - buf) + 4;
	/* "HTTP/1.x NNN" */
	if (r->hdr_len < 16 || memcmp(buf, "HTTP/1.", 7) || (buf[7] != '0' && buf[7] != '1') ||
	    buf[8] != ' ' || buf[9] < '1' || buf[9] > '5' || buf[10] < '0' || buf[10] > '9' ||
	    buf[11] < '0' || buf[11] > '9' || (buf[12] != ' ' && buf[12] != '\r'))
		return -1;
	r->status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
	if (r->status < 200)
		return -1;	/* no Expect: sent, so no interim answer is due */
	r->keep = buf[7] == '1';
	hdrs = memchr(buf, '\n', r->hdr_len) + 1;
	v = header(hdrs, end + 2, "connection", &ve);
	if (value_is(v, ve, "close"))
		r->keep = false;
	v = header(hdrs, end + 2, "retry-after", &ve);
	if (v && !number(v, ve, 86400, &n))
		r->retry_after = (unsigned int)n;
	if (r->status == 204 || r->status == 304)
		return 1;
	v = header(hdrs, end + 2, "content-length", &ve);
	if (v) {
		if (number(v, ve, HTTP_MAX_RESPONSE, &n))
			return -1;
		r->body_len = n;
		if (len >= r->hdr_len + n)
			return 1;
		return eof ? -1 : 0;
	}
	r->body_len = len - r->hdr_len;
	v = header(hdrs, end + 2, "transfer-encoding", &ve);
	if (value_is(v, ve, "chunked")) {
		/* an error message: complete at the last chunk */
		if (memmem(buf + r->hdr_len - 2, len - r->hdr_len + 2, "\r\n0\r\n\r\n", 7))
			return 1;
		return len > HTTP_MAX_RESPONSE || eof ? -1 : 0;
	}
	/* no length: the body ends with the connection */
	r->keep = false;
	return eof || len > HTTP_MAX_RESPONSE ? 1 : 0;
}
