/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Templates of MQTT topics, the InfluxDB measurement and tag values:
 * text with placeholders {dev} (the device's name), {label} (its label
 * attribute, or the name without one), {host} (gethostname) and
 * {channel} (a value's name: x, y, z; the measurement only). "{{" and
 * "}}" are literal braces. Checked once when the configuration is parsed,
 * expanded when the output starts.
 */
#ifndef IIOFWD_TEMPLATE_H
#define IIOFWD_TEMPLATE_H

#include <stddef.h>

enum tpl_var {
	TPL_DEV = 1u << 0,
	TPL_LABEL = 1u << 1,
	TPL_HOST = 1u << 2,
	TPL_CHANNEL = 1u << 3,
};
#define TPL_ALL (TPL_DEV | TPL_LABEL | TPL_HOST | TPL_CHANNEL)

struct tpl_vars {
	const char *dev, *label, *host, *channel;
};

/*
 * The placeholders s uses (a set of enum tpl_var, >= 0), or -1 with err
 * naming the problem: an unknown or empty placeholder, one not in
 * allowed, an unbalanced '{' or '}'.
 */
int tpl_check(const char *s, unsigned int allowed, char *err, size_t errlen);

/*
 * Expand a checked template into out. 0, or -1 when it does not fit in len
 * (or s is not a valid template). A NULL variable expands to "".
 */
int tpl_expand(const char *s, const struct tpl_vars *v, char *out, size_t len);

#endif
