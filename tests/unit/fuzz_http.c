// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the HTTP response parser of influx+http. The input is
 * not NUL-terminated (as read from a socket); an accepted response lies
 * within the input and has a valid status.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);
	struct http_response r;
	int eof;

	if (!s)
		return 0;
	memcpy(s, data, size);
	for (eof = 0; eof < 2; eof++) {
		int ret = http_parse_response(s, size, eof, &r);

		if (ret < -1 || ret > 1)
			abort();
		if (ret == 1 && (r.status < 200 || r.status > 599 || r.hdr_len > size ||
				 r.retry_after > 86400))
			abort();
	}
	free(s);
	return 0;
}
