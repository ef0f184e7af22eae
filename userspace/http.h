/* SPDX-License-Identifier: GPL-2.0 */
/* The HTTP/1.x response parser of the influx+http output (out_http.c). */
#ifndef IIOFWD_HTTP_H
#define IIOFWD_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_RESPONSE	(64 * 1024)

struct http_response {
	int status;
	size_t hdr_len;		/* status line and headers, with the blank line */
	size_t body_len;	/* as far as known */
	bool keep;		/* the connection may carry the next request */
	unsigned int retry_after;	/* s, from Retry-After: SECONDS; 0 = none */
};

/*
 * Is [buf, buf+len) a whole response (eof: the server closed after it)?
 * 1 with r filled; 0 when more is needed; -1 when malformed (a bad status
 * line, an interim 1xx, a bad Content-Length, over HTTP_MAX_RESPONSE, or
 * cut off by eof). The body is framed by Content-Length, chunked encoding
 * (complete at the last chunk) or the end of the connection.
 */
int http_parse_response(const char *buf, size_t len, bool eof, struct http_response *r);

#endif
