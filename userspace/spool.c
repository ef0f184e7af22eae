// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "log.h"
#include "spool.h"
#include "util.h"

#define REC_MAGIC	0x4c4f5053u	/* "SPOL" little endian */
#define REC_HDR		12

struct seg {
	uint64_t id;
	uint64_t bytes;
	uint64_t records;
	uint64_t bad_upto;	/* corruption before this offset is counted */
};

struct spool {
	char dir[256];
	uint64_t max_bytes;
	struct seg *segs;
	size_t nsegs, capsegs;
	int wfd;			/* last segment, open for append */
	int rfd;			/* segment at the read cursor */
	uint64_t rfd_seg;
	struct spool_pos rd, commit;
	struct spool_stats st;
	enum spool_sync sync;
	bool failing;			/* appends fail (disk full): said once */
};

uint32_t spool_crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= p[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void seg_path(const struct spool *s, uint64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%016" PRIx64 ".seg", s->dir, id);
}

static int add_seg(struct spool *s, uint64_t id, uint64_t bytes, uint64_t records)
{
	if (s->nsegs == s->capsegs) {
		size_t cap = s->capsegs ? s->capsegs * 2 : 16;
		struct seg *n = realloc(s->segs, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->segs = n;
		s->capsegs = cap;
	}
	s->segs[s->nsegs++] = (struct seg){ id, bytes, records, 0 };
	return 0;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/*
 * Read the record at off of an open segment. Returns 1 with the payload,
 * 0 at a clean end, -1 on a corrupt/truncated record (reason logged).
 */
static int read_record(int fd, const char *path, uint64_t off, struct sbuf *out,
		       uint64_t *next)
{
	uint8_t hdr[REC_HDR];
	uint32_t len;
	ssize_t n;

	n = pread(fd, hdr, REC_HDR, (off_t)off);
	if (n == 0)
		return 0;
	if (n != REC_HDR) {
		log_warn("spool %s: truncated record header at offset %" PRIu64, path, off);
		return -1;
	}
	len = get32(hdr + 4);
	if (get32(hdr) != REC_MAGIC || len > SPOOL_REC_MAX) {
		log_warn("spool %s: corrupt record at offset %" PRIu64 " (bad %s)",
			 path, off, get32(hdr) != REC_MAGIC ? "magic" : "length");
		return -1;
	}
	sbuf_reset(out);
	if (sbuf_reserve(out, len))
		return -1;
	n = pread(fd, out->p, len, (off_t)(off + REC_HDR));
	if (n != (ssize_t)len) {
		log_warn("spool %s: truncated record at offset %" PRIu64, path, off);
		return -1;
	}
	out->p[len] = '\0';
	out->len = len;
	if (spool_crc32(out->p, len) != get32(hdr + 8)) {
		log_warn("spool %s: corrupt record at offset %" PRIu64 " (CRC mismatch)",
			 path, off);
		return -1;
	}
	*next = off + REC_HDR + len;
	return 1;
}

/* Whether buf[0..avail) starts with a whole valid record. */
static bool valid_at(const uint8_t *buf, uint64_t avail)
{
	uint32_t len;

	if (avail < REC_HDR || get32(buf) != REC_MAGIC)
		return false;
	len = get32(buf + 4);
	return len <= SPOOL_REC_MAX && REC_HDR + (uint64_t)len <= avail &&
	       spool_crc32(buf + REC_HDR, len) == get32(buf + 8);
}

/*
 * After a bad record at off: the offset of the next valid record (the
 * file's end if none), and an estimate of the records lost in between
 * (avg: the segment's average record size, 0 if unknown).
 */
static uint64_t resync(int fd, uint64_t off, uint64_t avg, uint64_t *lost)
{
	uint64_t size, next, i, n;
	struct stat st;
	uint8_t *buf;

	*lost = 1;
	if (fstat(fd, &st) || (uint64_t)st.st_size <= off)
		return off;
	size = (uint64_t)st.st_size;
	next = size;
	n = size - off;
	if (n > 4 * (uint64_t)SPOOL_SEG_MAX)
		n = 4 * (uint64_t)SPOOL_SEG_MAX;
	buf = malloc(n);
	if (buf && pread(fd, buf, n, (off_t)off) == (ssize_t)n) {
		for (i = 1; i + REC_HDR <= n; i++) {
			if (buf[i] == (REC_MAGIC & 0xff) && valid_at(buf + i, n - i)) {
				next = off + i;
				break;
			}
		}
	}
	free(buf);
	if (avg && (next - off + avg / 2) / avg > 1)
		*lost = (next - off + avg / 2) / avg;
	return next;
}

/*
 * Count the valid records of a segment. A corrupt or torn stretch is
 * skipped up to the next valid record and counted for the records it
 * held (estimated from the average record size).
 */
static uint64_t scan_segment(struct spool *s, uint64_t id, uint64_t *bytes,
			     uint64_t upto_off, uint64_t *n_before)
{
	struct sbuf b = { 0 };
	char path[320];
	uint64_t off = 0, next, n = 0, good = 0, lost;
	int fd, r;

	seg_path(s, id, path, sizeof(path));
	*n_before = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*bytes = 0;
		return 0;
	}
	for (;;) {
		r = read_record(fd, path, off, &b, &next);
		if (r == 0)
			break;
		if (r == 1) {
			if (off < upto_off)
				(*n_before)++;
			good += next - off;
			off = next;
			n++;
			continue;
		}
		next = resync(fd, off, n ? good / n : 0, &lost);
		s->st.corrupt += lost;
		log_warn("spool %s: %" PRIu64 " bytes skipped at offset %" PRIu64
			 " (~%" PRIu64 " records lost)", path, next - off, off, lost);
		off = next;
	}
	close(fd);
	sbuf_free(&b);
	*bytes = off;
	return n;
}

static int sync_fd(struct spool *s, int fd)
{
	s->st.syncs++;
	return fdatasync(fd);
}

static int open_write_seg(struct spool *s, uint64_t id)
{
	char path[320];

	seg_path(s, id, path, sizeof(path));
	if (s->wfd >= 0) {
		if (s->sync != SPOOL_SYNC_NONE && s->nsegs && s->segs[s->nsegs - 1].bytes)
			sync_fd(s, s->wfd);
		close(s->wfd);
	}
	s->wfd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (s->wfd < 0)
		return -errno;
	return add_seg(s, id, 0, 0);
}

static void write_ack(struct spool *s)
{
	char path[320], tmp[330], line[80];
	int fd, n;

	snprintf(path, sizeof(path), "%s/ack", s->dir);
	snprintf(tmp, sizeof(tmp), "%s/ack.tmp", s->dir);
	n = snprintf(line, sizeof(line), "%" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
		     s->commit.seg, s->commit.off, s->commit.n);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)n) != n) {
		close(fd);
		return;
	}
	if (s->sync == SPOOL_SYNC_ALWAYS) {
		s->st.syncs++;
		fsync(fd);
	}
	close(fd);
	if (rename(tmp, path))
		log_warn("spool %s: cannot write ack file: %s", s->dir, strerror(errno));
}

static void read_ack(struct spool *s)
{
	unsigned long long seg, off, n;
	char path[320];
	FILE *f;

	snprintf(path, sizeof(path), "%s/ack", s->dir);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fscanf(f, "%llu %llu %llu", &seg, &off, &n) == 3) {
		s->commit.seg = seg;
		s->commit.off = off;
		s->commit.n = n;
	} else {
		log_warn("spool %s: corrupt ack file ignored (records may be sent again)",
			 s->dir);
		s->st.corrupt++;
	}
	fclose(f);
}

static void unlink_seg(struct spool *s, size_t i)
{
	char path[320];

	seg_path(s, s->segs[i].id, path, sizeof(path));
	unlink(path);
	memmove(&s->segs[i], &s->segs[i + 1], (s->nsegs - i - 1) * sizeof(s->segs[0]));
	s->nsegs--;
}

static int mkdir_p(const char *dir)
{
	char tmp[256];
	char *p;

	if (str_copy(tmp, sizeof(tmp), dir))
		return -1;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0700) && errno != EEXIST ? -1 : 0;
}

int spool_open(struct spool **out, const char *dir, uint64_t max_bytes,
	       char *err, size_t errlen)
{
	struct spool *s;
	struct dirent *de;
	uint64_t next_id = 1;
	size_t i;
	DIR *d;

	if (mkdir_p(dir)) {
		snprintf(err, errlen, "spool %s: %s", dir, strerror(errno));
		return -1;
	}
	d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "spool %s: %s", dir, strerror(errno));
		return -1;
	}
	s = calloc(1, sizeof(*s));
	if (!s || str_copy(s->dir, sizeof(s->dir), dir)) {
		free(s);
		closedir(d);
		snprintf(err, errlen, "spool %s: path too long", dir);
		return -1;
	}
	s->max_bytes = max_bytes;
	s->sync = SPOOL_SYNC_SEGMENT;
	s->wfd = s->rfd = -1;
	while ((de = readdir(d))) {
		unsigned long long id;
		char tail[8];

		if (sscanf(de->d_name, "%16llx%7s", &id, tail) == 2 &&
		    !strcmp(tail, ".seg") && strlen(de->d_name) == 20)
			add_seg(s, id, 0, 0);
	}
	closedir(d);
	if (s->nsegs)
		qsort(s->segs, s->nsegs, sizeof(s->segs[0]), cmp_seg);

	read_ack(s);
	/* drop fully delivered segments, validate the rest */
	for (i = 0; i < s->nsegs;) {
		uint64_t nb;

		if (s->segs[i].id < s->commit.seg) {
			unlink_seg(s, i);
			continue;
		}
		s->segs[i].records = scan_segment(s, s->segs[i].id, &s->segs[i].bytes,
						  s->segs[i].id == s->commit.seg ? s->commit.off : 0,
						  &nb);
		s->segs[i].bad_upto = s->segs[i].bytes;	/* counted by the scan */
		if (s->segs[i].id == s->commit.seg)
			s->commit.n = nb;
		i++;
	}
	/* segment numbers only grow, also across runs that emptied the spool */
	if (s->nsegs)
		next_id = s->segs[s->nsegs - 1].id + 1;
	if (s->commit.seg >= next_id)
		next_id = s->commit.seg + 1;
	if (s->nsegs) {
		if (s->segs[0].id != s->commit.seg)
			s->commit = (struct spool_pos){ s->segs[0].id, 0, 0 };
	} else {
		s->commit = (struct spool_pos){ next_id, 0, 0 };
	}
	s->rd = s->commit;
	write_ack(s);
	/* never append to a segment of a previous run: its tail may be torn */
	if (open_write_seg(s, next_id)) {
		snprintf(err, errlen, "spool %s: %s", dir, strerror(errno));
		spool_close(s);
		return -1;
	}
	if (spool_pending(s))
		log_info("spool %s: %" PRIu64 " records from a previous run", dir,
			 spool_pending(s));
	*out = s;
	return 0;
}

void spool_close(struct spool *s)
{
	if (!s)
		return;
	if (s->wfd >= 0) {
		if (s->sync != SPOOL_SYNC_NONE && s->nsegs && s->segs[s->nsegs - 1].bytes)
			sync_fd(s, s->wfd);
		close(s->wfd);
	}
	if (s->rfd >= 0)
		close(s->rfd);
	/* an empty last segment is useless after exit */
	if (s->nsegs && !s->segs[s->nsegs - 1].bytes)
		unlink_seg(s, s->nsegs - 1);
	free(s->segs);
	free(s);
}

static uint64_t total_bytes(const struct spool *s)
{
	uint64_t t = 0;
	size_t i;

	for (i = 0; i < s->nsegs; i++)
		t += s->segs[i].bytes;
	return t;
}

int spool_append(struct spool *s, const void *data, size_t len)
{
	uint8_t hdr[REC_HDR];
	struct seg *w;
	ssize_t n;

	if (len > SPOOL_REC_MAX)
		return -EMSGSIZE;
	w = &s->segs[s->nsegs - 1];
	if (w->bytes + REC_HDR + len > SPOOL_SEG_MAX && w->bytes) {
		if (open_write_seg(s, w->id + 1))
			return -errno;
		w = &s->segs[s->nsegs - 1];
	}
	/* bound: drop the oldest segments (not the one being written) */
	while (s->nsegs > 1 && total_bytes(s) + REC_HDR + len > s->max_bytes) {
		uint64_t lost = s->segs[0].records;

		if (s->segs[0].id == s->commit.seg)
			lost -= s->commit.n;
		s->st.dropped += lost;
		log_warn("spool %s: full, dropping %" PRIu64 " oldest records", s->dir, lost);
		if (s->rfd >= 0 && s->rfd_seg == s->segs[0].id) {
			close(s->rfd);
			s->rfd = -1;
		}
		unlink_seg(s, 0);
		s->commit = (struct spool_pos){ s->segs[0].id, 0, 0 };
		if (s->rd.seg < s->commit.seg)
			s->rd = s->commit;
		write_ack(s);
		w = &s->segs[s->nsegs - 1];
	}
	/* not counted here: the caller counts the sample it could not keep */
	if (total_bytes(s) + REC_HDR + len > s->max_bytes)
		return -ENOSPC;
	put32(hdr, REC_MAGIC);
	put32(hdr + 4, (uint32_t)len);
	put32(hdr + 8, spool_crc32(data, len));
	{
		struct iovec iov[2] = {
			{ .iov_base = hdr, .iov_len = REC_HDR },
			{ .iov_base = (void *)data, .iov_len = len },
		};

		n = writev(s->wfd, iov, 2);
	}
	if (n != (ssize_t)(REC_HDR + len)) {
		int e = n < 0 ? errno : ENOSPC;	/* a short write: no room */

		/*
		 * Disk full and the like: cut the torn record off and keep
		 * the segment (a new file per failed write would fill the
		 * directory); only if that fails, start a new segment.
		 */
		if (n > 0 && ftruncate(s->wfd, (off_t)w->bytes)) {
			w->bytes += (uint64_t)n;
			open_write_seg(s, w->id + 1);
		}
		if (!s->failing)
			log_warn("spool %s: cannot write: %s; samples that do not fit "
				 "are dropped and counted", s->dir, strerror(e));
		s->failing = true;
		return -e;
	}
	if (s->failing)
		log_warn("spool %s: writing again", s->dir);
	s->failing = false;
	w->bytes += REC_HDR + len;
	w->records++;
	s->st.written++;
	if (s->sync == SPOOL_SYNC_ALWAYS)
		sync_fd(s, s->wfd);
	return 0;
}

static size_t seg_index(const struct spool *s, uint64_t id)
{
	size_t i;

	for (i = 0; i < s->nsegs; i++)
		if (s->segs[i].id >= id)
			return i;
	return s->nsegs;
}

int spool_read(struct spool *s, struct sbuf *out, struct spool_pos *end)
{
	for (;;) {
		size_t i = seg_index(s, s->rd.seg);
		char path[320];
		uint64_t next;
		int r;

		if (i == s->nsegs)
			return 0;
		if (s->segs[i].id != s->rd.seg)
			s->rd = (struct spool_pos){ s->segs[i].id, 0, 0 };
		seg_path(s, s->rd.seg, path, sizeof(path));
		if (s->rfd < 0 || s->rfd_seg != s->rd.seg) {
			if (s->rfd >= 0)
				close(s->rfd);
			s->rfd = open(path, O_RDONLY | O_CLOEXEC);
			s->rfd_seg = s->rd.seg;
			if (s->rfd < 0) {
				log_warn("spool %s: %s", path, strerror(errno));
				s->st.corrupt++;
				goto next_seg;
			}
		}
		if (s->rd.off >= s->segs[i].bytes) {
			if (i == s->nsegs - 1)
				return 0;	/* caught up with the writer */
			goto next_seg;
		}
		r = read_record(s->rfd, path, s->rd.off, out, &next);
		if (r == 1) {
			s->rd.off = next;
			s->rd.n++;
			*end = s->rd;
			return 1;
		}
		if (r < 0) {
			uint64_t lost, avg = s->segs[i].records ?
				s->segs[i].bytes / s->segs[i].records : 0;

			/* counted once: by the scan at open, or the first read */
			next = resync(s->rfd, s->rd.off, avg, &lost);
			if (s->rd.off >= s->segs[i].bad_upto) {
				s->segs[i].bad_upto = next;
				if (lost > s->segs[i].records - s->rd.n)
					lost = s->segs[i].records - s->rd.n;
				s->segs[i].records -= lost;
				s->st.corrupt += lost;
				log_warn("spool %s: %" PRIu64 " bytes skipped at offset %"
					 PRIu64 " (~%" PRIu64 " records lost)", path,
					 next - s->rd.off, s->rd.off, lost);
			}
			if (next > s->rd.off && next < s->segs[i].bytes) {
				s->rd.off = next;
				continue;
			}
		}
		if (i == s->nsegs - 1)
			return 0;
next_seg:
		if (i + 1 >= s->nsegs)
			return 0;
		s->rd = (struct spool_pos){ s->segs[i + 1].id, 0, 0 };
	}
}

void spool_rewind(struct spool *s)
{
	s->rd = s->commit;
}

void spool_commit(struct spool *s, const struct spool_pos *pos)
{
	if (pos->seg < s->commit.seg ||
	    (pos->seg == s->commit.seg && pos->off <= s->commit.off))
		return;
	s->commit = *pos;
	/* delete delivered segments, except the one being written */
	while (s->nsegs > 1 && (s->segs[0].id < s->commit.seg ||
				(s->segs[0].id == s->commit.seg &&
				 s->commit.off >= s->segs[0].bytes))) {
		if (s->rfd >= 0 && s->rfd_seg == s->segs[0].id) {
			close(s->rfd);
			s->rfd = -1;
		}
		unlink_seg(s, 0);
		if (s->commit.seg < s->segs[0].id)
			s->commit = (struct spool_pos){ s->segs[0].id, 0, 0 };
		if (s->rd.seg < s->commit.seg)
			s->rd = s->commit;
	}
	write_ack(s);
}

uint64_t spool_pending(const struct spool *s)
{
	uint64_t t = 0;
	size_t i;

	for (i = 0; i < s->nsegs; i++)
		t += s->segs[i].records;
	if (s->nsegs && s->segs[0].id == s->commit.seg)
		t -= s->commit.n < t ? s->commit.n : t;
	return t;
}

const struct spool_stats *spool_stats(const struct spool *s)
{
	return &s->st;
}

void spool_set_sync(struct spool *s, enum spool_sync mode)
{
	s->sync = mode;
}

int spool_set_owner(struct spool *s, const char *url)
{
	char path[320], old[1024] = "";
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/url", s->dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, old, sizeof(old) - 1);
		close(fd);
		old[n > 0 ? n : 0] = '\0';
		old[strcspn(old, "\n")] = '\0';
	}
	if (old[0] && strcmp(old, url) && spool_pending(s))
		log_warn("spool %s: %" PRIu64 " samples were spooled for output %s, not %s "
			 "(their directory names coincide): delivered to %s", s->dir,
			 spool_pending(s), old, url, url);
	if (!strcmp(old, url))
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	n = dprintf(fd, "%s\n", url);
	close(fd);
	return n < 0 ? -EIO : 0;
}

/* Samples not yet delivered in a spool directory, without changing it. */
static uint64_t peek_pending(const char *dir, uint64_t *bytes)
{
	struct spool *s = calloc(1, sizeof(*s));
	uint64_t n = 0, nb, b;
	struct dirent *de;
	size_t i;
	DIR *d;

	*bytes = 0;
	if (!s || str_copy(s->dir, sizeof(s->dir), dir) || !(d = opendir(dir))) {
		free(s);
		return 0;
	}
	s->wfd = s->rfd = -1;
	while ((de = readdir(d))) {
		unsigned long long id;
		char tail[8];

		if (sscanf(de->d_name, "%16llx%7s", &id, tail) == 2 &&
		    !strcmp(tail, ".seg") && strlen(de->d_name) == 20)
			add_seg(s, id, 0, 0);
	}
	closedir(d);
	read_ack(s);
	for (i = 0; i < s->nsegs; i++) {
		if (s->segs[i].id < s->commit.seg)
			continue;
		n += scan_segment(s, s->segs[i].id, &b,
				  s->segs[i].id == s->commit.seg ? s->commit.off : 0, &nb);
		if (s->segs[i].id == s->commit.seg)
			n -= nb;
		*bytes += b;
	}
	free(s->segs);
	free(s);
	return n;
}

unsigned int spool_warn_foreign(const char *parent, const char *const *mine,
				unsigned int n)
{
	char path[600], url[1024];
	unsigned int found = 0, i;
	struct dirent *de;
	uint64_t pending, bytes;
	DIR *d = opendir(parent);

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		bool ours = false;
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", parent, de->d_name);
		for (i = 0; i < n; i++)
			if (!strcmp(mine[i], path))
				ours = true;
		if (ours)
			continue;
		pending = peek_pending(path, &bytes);
		if (!pending)
			continue;
		snprintf(url, sizeof(url), "%s", de->d_name);
		snprintf(path + strlen(path), sizeof(path) - strlen(path), "/url");
		f = fopen(path, "r");
		if (f) {
			if (fgets(url, sizeof(url), f))
				url[strcspn(url, "\n")] = '\0';
			fclose(f);
		}
		path[strlen(path) - 4] = '\0';
		log_warn("spool %s: %" PRIu64 " samples (%" PRIu64 " bytes) left by output %s, "
			 "which is not configured now: kept there, not delivered to another "
			 "output (configure %s again to deliver them, or delete the directory)",
			 path, pending, bytes, url, url);
		found++;
	}
	closedir(d);
	return found;
}
