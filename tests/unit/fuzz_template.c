// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the template parser and expansion, and tag= parsing.
 * A template tpl_check accepts must expand (into a buffer large enough),
 * leave no brace that is not a doubled literal, and never overflow a
 * small buffer; a rejection always has a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tpl_vars v = {
		.dev = "lis3dh", .label = "", .host = "h", .channel = "x",
	};
	char *s = malloc(size + 1), err[256], small[8], *big;
	struct tag t;
	int used;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	used = tpl_check(s, TPL_ALL, err, sizeof(err));
	if (used < 0) {
		if (!err[0])
			abort();
		if (!tpl_expand(s, &v, small, sizeof(small)))
			abort();	/* expansion must refuse what the check refused */
	} else {
		size_t len = strlen(s) * 8 + 1, i;

		if ((unsigned int)used & ~(unsigned int)TPL_ALL)
			abort();
		big = malloc(len);
		if (!big || tpl_expand(s, &v, big, len))
			abort();
		for (i = 0; big[i]; i++)
			if (big[i] == '{' || big[i] == '}') {
				/* a literal brace came from a doubled one in s */
				if (!strstr(s, big[i] == '{' ? "{{" : "}}"))
					abort();
			}
		free(big);
		tpl_expand(s, &v, small, sizeof(small));
		if (tpl_check(s, 0, err, sizeof(err)) >= 0 && used)
			abort();	/* a placeholder not allowed is refused */
	}
	if (tag_parse(s, &t, err, sizeof(err)) && !err[0])
		abort();
	free(s);
	return 0;
}
