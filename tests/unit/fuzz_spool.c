// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the spool's reader on segment files of records with
 * valid CRCs around arbitrary payloads (layout records, sample blocks,
 * text records, any count), then random bytes: spool_open() scans them,
 * spool_next() decodes every sample, commits go forward.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "spool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void clean(void)
{
	struct dirent *de;
	char path[600];
	DIR *d = opendir(dir);

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
}

/*
 * Input: chunks of [flags][count][len lo][len hi][payload]: flags bit 0 a
 * text record (SPOL), else SPL2 with that count; bit 1 a bad CRC. What
 * is left after the last whole chunk is appended raw.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spool_sample ss;
	struct spool_pos end;
	struct spool *s;
	uint8_t hdr[16], *buf;
	char path[600], err[256];
	size_t off = 0;
	int fd, n = 0;

	if (!dir[0]) {
		strcpy(dir, "/tmp/iiofwd-fuzz-spool-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		log_level = -1;
	}
	clean();
	snprintf(path, sizeof(path), "%s/0000000000000001.seg", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 0;
	while (off + 4 <= size) {
		unsigned int flags = data[off], count = data[off + 1];
		size_t len = data[off + 2] | (size_t)data[off + 3] << 8, hl;

		if (off + 4 + len > size)
			break;
		buf = malloc(4 + len);
		if (!buf)
			break;
		put32(buf, count);
		memcpy(buf + 4, data + off + 4, len);
		hl = flags & 1 ? 12 : 16;
		put32(hdr, flags & 1 ? 0x4c4f5053u : 0x324c5053u);
		put32(hdr + 4, (uint32_t)len);
		put32(hdr + 8, (flags & 1 ? spool_crc32(buf + 4, len) : spool_crc32(buf, 4 + len)) ^
			       (flags & 2 ? 1u : 0u));
		put32(hdr + 12, count);
		if (write(fd, hdr, hl) != (ssize_t)hl ||
		    write(fd, buf + 4, len) != (ssize_t)len) {
			free(buf);
			break;
		}
		free(buf);
		off += 4 + len;
	}
	if (off < size && write(fd, data + off, size - off) < 0)
		off = size;
	close(fd);

	if (spool_open(&s, dir, 64 << 20, err, sizeof(err)))
		return 0;
	while (spool_next(s, &ss, &end) == 1) {
		if (!ss.meta && !ss.text)
			abort();
		if (ss.meta && ss.s.n > SCAN_MAX_VALUES)
			abort();
		if (++n % 7 == 0)
			spool_commit(s, &end);
	}
	spool_pending(s);
	spool_close(s);
	return 0;
}
