// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "template.h"

static const struct {
	const char *name;
	enum tpl_var var;
} tpl_names[] = {
	{ "dev", TPL_DEV },
	{ "label", TPL_LABEL },
	{ "host", TPL_HOST },
	{ "channel", TPL_CHANNEL },
};

#define NNAMES (sizeof(tpl_names) / sizeof(tpl_names[0]))

/* The variable named by [s, s+n), or 0. */
static unsigned int lookup(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NNAMES; i++)
		if (strlen(tpl_names[i].name) == n && !memcmp(tpl_names[i].name, s, n))
			return tpl_names[i].var;
	return 0;
}

int tpl_check(const char *s, unsigned int allowed, char *err, size_t errlen)
{
	unsigned int used = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		const char *close;
		unsigned int var;
		size_t n;

		if (s[i] == '}') {
			if (s[i + 1] == '}') {
				i++;
				continue;
			}
			snprintf(err, errlen, "unbalanced '}' at offset %zu (write }} for a literal brace)", i);
			return -1;
		}
		if (s[i] != '{')
			continue;
		if (s[i + 1] == '{') {
			i++;
			continue;
		}
		close = strpbrk(s + i + 1, "{}");
		if (!close || *close == '{') {
			snprintf(err, errlen, "unbalanced '{' at offset %zu (write {{ for a literal brace)", i);
			return -1;
		}
		n = (size_t)(close - (s + i + 1));
		var = lookup(s + i + 1, n);
		if (!var) {
			snprintf(err, errlen, "unknown placeholder {%.*s} (known: {dev}, {label}, {host}, {channel})",
				 n > 40 ? 40 : (int)n, s + i + 1);
			return -1;
		}
		if (!(var & allowed)) {
			snprintf(err, errlen, "placeholder {%.*s} cannot be used here%s", (int)n,
				 s + i + 1, var == TPL_CHANNEL ? " (only in a measurement or an MQTT topic=)" : "");
			return -1;
		}
		used |= var;
		i += n + 1;
	}
	return (int)used;
}

static int put(char *out, size_t len, size_t *o, const char *s, size_t n)
{
	if (*o + n >= len)
		return -1;
	memcpy(out + *o, s, n);
	*o += n;
	return 0;
}

int tpl_expand(const char *s, const struct tpl_vars *v, char *out, size_t len)
{
	size_t i, o = 0;

	if (!len)
		return -1;
	out[0] = '\0';
	for (i = 0; s[i]; i++) {
		const char *close, *val;
		size_t n;

		if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}')) {
			if (put(out, len, &o, s + i, 1))
				return -1;
			i++;
			continue;
		}
		if (s[i] == '}')
			return -1;
		if (s[i] != '{') {
			if (put(out, len, &o, s + i, 1))
				return -1;
			continue;
		}
		close = strchr(s + i + 1, '}');
		if (!close)
			return -1;
		n = (size_t)(close - (s + i + 1));
		switch (lookup(s + i + 1, n)) {
		case TPL_DEV:
			val = v->dev;
			break;
		case TPL_LABEL:
			val = v->label && *v->label ? v->label : v->dev;
			break;
		case TPL_HOST:
			val = v->host;
			break;
		case TPL_CHANNEL:
			val = v->channel;
			break;
		default:
			return -1;
		}
		if (val && put(out, len, &o, val, strlen(val)))
			return -1;
		i += n + 1;
	}
	out[o] = '\0';
	return 0;
}
