// SPDX-License-Identifier: GPL-2.0
/*
 * Write an iiofwd capture (the format of -o raw:FILE) of a LIS3DH-like
 * device whose samples follow the simulator's `counter` pattern: sample n
 * has X = n & 0xff, Y = (n >> 8) & 0xff, Z = (n >> 16) & 0xff as signed
 * bytes in the top byte of each left-justified 12-bit word, so a reader can
 * recover n mod 2^24 from every sample.
 *
 * usage: mkcapture FILE COUNT [RATE_HZ] [SKIP_AT SKIP_LEN]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "rawfile.h"
#include "scan.h"

int main(int argc, char **argv)
{
	struct scan_layout l = { 0 };
	static const char *const ids[] = { "accel_x", "accel_y", "accel_z" };
	unsigned long long count, n, skip_at = 0, skip_len = 0, emitted = 0;
	double rate = 1344;
	struct sbuf h = { 0 };
	char err[256];
	FILE *f;
	int i;

	if (argc != 3 && argc != 4 && argc != 6) {
		fprintf(stderr, "usage: mkcapture FILE COUNT [RATE_HZ] [SKIP_AT SKIP_LEN]\n");
		return 2;
	}
	count = strtoull(argv[2], NULL, 10);
	if (argc >= 4)
		rate = strtod(argv[3], NULL);
	if (argc == 6) {
		skip_at = strtoull(argv[4], NULL, 10);
		skip_len = strtoull(argv[5], NULL, 10);
	}
	for (i = 0; i < 3; i++) {
		strcpy(l.ch[i].id, ids[i]);
		l.ch[i].index = i;
		scan_type_parse("le:s12/16>>4", &l.ch[i].type);
		l.ch[i].scale = 0.009576;
	}
	strcpy(l.ch[3].id, "timestamp");
	l.ch[3].index = 3;
	scan_type_parse("le:s64/64>>0", &l.ch[3].type);
	l.ch[3].scale = 1;
	l.ch[3].is_timestamp = true;
	l.nch = 4;
	if (scan_layout_compute(&l, err, sizeof(err)) || l.bytes != 16) {
		fprintf(stderr, "mkcapture: layout: %s\n", err);
		return 1;
	}
	f = fopen(argv[1], "wb");
	if (!f || rawfile_header(&h, "lis3dh", rate, &l) ||
	    fwrite(h.p, 1, h.len, f) != h.len) {
		perror(argv[1]);
		return 1;
	}
	for (n = 0; emitted < count; n++) {
		unsigned char rec[16];
		long long ts = 1700000000000000000ll + (long long)(n * (1e9 / rate));

		if (skip_len && n >= skip_at && n < skip_at + skip_len)
			continue;
		for (i = 0; i < 3; i++) {
			unsigned int word = ((n >> (8 * i)) & 0xff) << 8;

			rec[2 * i] = (unsigned char)word;
			rec[2 * i + 1] = (unsigned char)(word >> 8);
		}
		rec[6] = rec[7] = 0;
		for (i = 0; i < 8; i++)
			rec[8 + i] = (unsigned char)((unsigned long long)ts >> (8 * i));
		if (fwrite(rec, 1, 16, f) != 16) {
			perror(argv[1]);
			return 1;
		}
		emitted++;
	}
	sbuf_free(&h);
	return fclose(f) ? 1 : 0;
}
