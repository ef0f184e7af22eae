// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: output URL parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), err[256], disp[URL_MAX_LEN + 64];
	struct out_url u;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (!url_parse(s, &u, err, sizeof(err))) {
		url_display(&u, disp, sizeof(disp));
		if ((u.kind == OUT_MQTT || u.kind == OUT_INFLUX_TCP ||
		     u.kind == OUT_INFLUX_UDP || u.kind == OUT_INFLUX_HTTP) &&
		    (!u.host[0] || !u.port))
			abort();
		if (u.kind == OUT_INFLUX_HTTP && !u.bucket[0])
			abort();
	} else if (strchr(s, '?') && !strncmp(strchr(s, '?'), "?token=SECRET", 13) &&
		   strstr(err, "?token=SECRET")) {
		abort();	/* a token= first in the query is never shown */
	} else if (!err[0]) {
		abort();	/* every rejection has a message */
	}
	free(s);
	return 0;
}
