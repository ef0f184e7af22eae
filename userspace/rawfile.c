// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "rawfile.h"
#include "util.h"

#define ERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

int rawfile_header(struct sbuf *b, const char *dev, double rate,
		   const struct scan_layout *l)
{
	unsigned int i;

	if (sbuf_printf(b, "%s\ndevice %s\nrate %.17g\n", RAW_MAGIC, dev, rate))
		return -1;
	for (i = 0; i < l->nch; i++) {
		const struct scan_chan *c = &l->ch[i];
		char type[SCAN_TYPE_LEN];

		if (scan_type_format(&c->type, type, sizeof(type)) ||
		    sbuf_printf(b, "channel %s %d %s %.17g %.17g%s\n", c->id,
				c->index, type, c->scale, c->offset,
				c->is_timestamp ? " timestamp" : ""))
			return -1;
	}
	return sbuf_printf(b, "scan-bytes %u\nend\n", l->bytes);
}

int rawfile_read_header(FILE *f, char *dev, size_t devlen, double *rate,
			struct scan_layout *l, char *err, size_t errlen)
{
	char line[512], msg[256];
	unsigned int scan_bytes = 0;
	int lineno = 0;
	bool got_end = false;

	memset(l, 0, sizeof(*l));
	*rate = 0;
	dev[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		char *arg;

		lineno++;
		if (!len || line[len - 1] != '\n')
			ERR("line %d: too long or truncated", lineno);
		line[--len] = '\0';
		if (lineno == 1) {
			if (strcmp(line, RAW_MAGIC))
				ERR("not an iiofwd capture (no '%s' header)", RAW_MAGIC);
			continue;
		}
		if (!strcmp(line, "end")) {
			got_end = true;
			break;
		}
		arg = strchr(line, ' ');
		if (!arg)
			ERR("line %d: malformed", lineno);
		*arg++ = '\0';
		if (!strcmp(line, "device")) {
			if (str_copy(dev, devlen, arg))
				ERR("line %d: device name too long", lineno);
		} else if (!strcmp(line, "rate")) {
			if (parse_double(arg, 0, 1e9, rate))
				ERR("line %d: bad rate '%s'", lineno, arg);
		} else if (!strcmp(line, "scan-bytes")) {
			uint64_t v;

			if (parse_u64(arg, 1, SCAN_MAX_BYTES, &v))
				ERR("line %d: bad scan-bytes '%s'", lineno, arg);
			scan_bytes = (unsigned int)v;
		} else if (!strcmp(line, "channel")) {
			char id[SCAN_ID_LEN], type[SCAN_TYPE_LEN], scale[32], offset[32], ts[16];
			struct scan_chan *c;
			int index, n;

			if (l->nch >= SCAN_MAX_CH)
				ERR("line %d: too many channels", lineno);
			c = &l->ch[l->nch];
			ts[0] = '\0';
			n = sscanf(arg, "%47s %d %31s %31s %31s %15s", id, &index,
				   type, scale, offset, ts);
			if (n < 5)
				ERR("line %d: malformed channel", lineno);
			if (scan_type_parse(type, &c->type))
				ERR("line %d: bad type '%s'", lineno, type);
			if (parse_double(scale, -1e30, 1e30, &c->scale) ||
			    parse_double(offset, -1e30, 1e30, &c->offset))
				ERR("line %d: bad scale or offset", lineno);
			if (n == 6 && strcmp(ts, "timestamp"))
				ERR("line %d: unexpected '%s'", lineno, ts);
			strcpy(c->id, id);
			c->index = index;
			c->is_timestamp = n == 6;
			l->nch++;
		} else {
			ERR("line %d: unknown key '%s'", lineno, line);
		}
	}
	if (!got_end)
		ERR("header is truncated (no 'end' line)");
	if (!dev[0])
		ERR("header names no device");
	if (scan_layout_compute(l, msg, sizeof(msg)))
		ERR("bad layout: %s", msg);
	if (scan_bytes != l->bytes)
		ERR("scan-bytes %u does not match the layout's %u bytes",
		    scan_bytes, l->bytes);
	return 0;
}
