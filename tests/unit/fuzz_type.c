// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: scan type strings, their layout and decoding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scan_layout l = { 0 };
	struct scan_type t, t2;
	uint8_t rec[SCAN_MAX_BYTES] = { 0 };
	char s[128], back[SCAN_TYPE_LEN], err[128];
	struct sample smp;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (scan_type_parse(s, &t))
		return 0;
	/* whatever parses formats back to something that parses the same */
	if (scan_type_format(&t, back, sizeof(back)) || scan_type_parse(back, &t2) ||
	    memcmp(&t, &t2, sizeof(t)))
		abort();
	strcpy(l.ch[0].id, "in_a");
	l.ch[0].type = t;
	l.ch[0].index = 0;
	l.ch[0].scale = 1;
	strcpy(l.ch[1].id, "in_b");
	l.ch[1].type = t;
	l.ch[1].index = 1;
	l.ch[1].scale = 1;
	l.nch = 2;
	if (scan_layout_compute(&l, err, sizeof(err)))
		return 0;
	if (l.bytes > SCAN_MAX_BYTES || l.ch[1].byte_offset % (t.storagebits / 8))
		abort();
	memcpy(rec, data, size < sizeof(rec) ? size : sizeof(rec));
	scan_decode(&l, rec, 0, &smp);
	return 0;
}
