// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: ${VAR} expansion of config values (against a fixed
 * fake environment) and the parser of password files and credentials.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *fake_env(const char *name, void *ctx)
{
	(void)ctx;
	if (!strcmp(name, "A"))
		return "a";
	if (!strcmp(name, "EMPTY"))
		return "";
	if (!strcmp(name, "DOLLAR"))
		return "${A}$$";
	if (!strcmp(name, "LONG"))
		return "0123456789012345678901234567890123456789012345678901234567890123";
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[256], pw[128], err[256];
	size_t outsize = size ? 1 + data[0] % sizeof(out) : sizeof(out);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	if (!secret_expand(s, out, outsize, fake_env, NULL, err, sizeof(err))) {
		if (strlen(out) >= outsize)
			abort();
		/* without a '$' nothing changes */
		if (!strchr(s, '$') && strcmp(s, out))
			abort();
	} else if (!err[0]) {
		abort();	/* errors say what is wrong */
	}
	err[0] = '\0';
	if (!secret_parse((const char *)data, size, pw, sizeof(pw), err, sizeof(err))) {
		size_t n = strlen(pw);

		if (!n || n >= sizeof(pw) || strpbrk(pw, "\r\n") || memcmp(pw, data, n))
			abort();
	} else if (!err[0]) {
		abort();
	}
	free(s);
	return 0;
}
