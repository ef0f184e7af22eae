// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: config file parser (inih + the option parser). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fwd_config c;
	char *s = malloc(size + 1), err[CFG_ERR_LEN];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	config_defaults(&c);
	err[0] = '\0';
	if (config_load_string(&c, s, "fuzz.conf", err, sizeof(err))) {
		if (!strstr(err, "fuzz.conf"))
			abort();	/* errors name the file */
	} else if (!config_validate(&c, err, sizeof(err))) {
		if (c.nout < 1 || c.nout > CFG_MAX_OUTPUTS)
			abort();
	}
	free(s);
	return 0;
}
