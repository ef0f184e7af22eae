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

/*
 * Records: "SPOL" (iiofwd 0.1: one sample as formatted text; still read)
 * with magic, length, CRC-32 of the payload; "SPL2" (binary, see the
 * block format below) with magic, length, CRC-32 of count and payload,
 * and the count of samples in it.
 */
#define REC_MAGIC	0x4c4f5053u	/* "SPOL" little endian */
#define REC2_MAGIC	0x324c5053u	/* "SPL2" */
#define REC_HDR		12
#define REC2_HDR	16

struct rec_info {
	uint32_t count;			/* samples */
	bool bin;			/* SPL2 */
};

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
	uint64_t text_samples;		/* in SPOL records, found at open */

	/* writing: the layout, and the block being filled */
	struct sbuf wmeta;		/* the 'M' payload, empty if unset */
	struct scan_layout wlayout;
	bool wseg_meta;			/* the write segment holds wmeta */
	struct sbuf wblk;
	uint32_t wn;			/* samples in wblk */
	uint64_t wseq_next;
	int64_t wt_prev, wd_prev;
	uint64_t wblk_ns;		/* when its first sample came */

	/* reading: the record at the cursor, decoded sample by sample */
	struct sbuf rrec;
	struct rec_info rinfo;
	bool rhave;
	struct spool_pos rstart, rend;	/* the record's start and end */
	uint32_t ridx;
	size_t roff;			/* in rrec */
	uint64_t rseq0;
	int64_t rt_prev, rd_prev;
	struct spool_meta rmeta;
	uint64_t rmeta_seg;		/* segment of rmeta, 0: none */
};

static uint32_t crc_update(uint32_t crc, const void *data, size_t len)
{
	static uint32_t table[256];
	const uint8_t *p = data;
	uint32_t c;
	size_t i;
	int k;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
			table[i] = c;
		}
	}
	for (i = 0; i < len; i++)
		crc = (crc >> 8) ^ table[(crc ^ p[i]) & 0xff];
	return crc;
}

uint32_t spool_crc32(const void *data, size_t len)
{
	return ~crc_update(0xffffffffu, data, len);
}

/* SPL2's CRC: of the count's 4 bytes, then the payload */
static uint32_t crc2(const uint8_t *count4, const void *data, size_t len)
{
	return ~crc_update(crc_update(0xffffffffu, count4, 4), data, len);
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
		       uint64_t *next, struct rec_info *ri)
{
	uint8_t hdr[REC2_HDR];
	uint32_t len, magic, crc;
	size_t hl;
	ssize_t n;

	n = pread(fd, hdr, REC2_HDR, (off_t)off);
	if (n == 0)
		return 0;
	magic = n >= 4 ? get32(hdr) : 0;
	hl = magic == REC2_MAGIC ? REC2_HDR : REC_HDR;
	if (n < (ssize_t)hl) {
		log_warn("spool %s: truncated record header at offset %" PRIu64, path, off);
		return -1;
	}
	len = get32(hdr + 4);
	if ((magic != REC_MAGIC && magic != REC2_MAGIC) || len > SPOOL_REC_MAX) {
		log_warn("spool %s: corrupt record at offset %" PRIu64 " (bad %s)", path, off,
			 magic != REC_MAGIC && magic != REC2_MAGIC ? "magic" : "length");
		return -1;
	}
	sbuf_reset(out);
	if (sbuf_reserve(out, len))
		return -1;
	n = pread(fd, out->p, len, (off_t)(off + hl));
	if (n != (ssize_t)len) {
		log_warn("spool %s: truncated record at offset %" PRIu64, path, off);
		return -1;
	}
	out->p[len] = '\0';
	out->len = len;
	crc = hl == REC2_HDR ? crc2(hdr + 12, out->p, len) : spool_crc32(out->p, len);
	if (crc != get32(hdr + 8)) {
		log_warn("spool %s: corrupt record at offset %" PRIu64 " (CRC mismatch)",
			 path, off);
		return -1;
	}
	ri->bin = hl == REC2_HDR;
	ri->count = ri->bin ? get32(hdr + 12) : 1;
	*next = off + hl + len;
	return 1;
}

/* Whether buf[0..avail) starts with a whole valid record. */
static bool valid_at(const uint8_t *buf, uint64_t avail)
{
	uint32_t len;

	if (avail >= REC2_HDR && get32(buf) == REC2_MAGIC) {
		len = get32(buf + 4);
		return len <= SPOOL_REC_MAX && REC2_HDR + (uint64_t)len <= avail &&
		       crc2(buf + 12, buf + REC2_HDR, len) == get32(buf + 8);
	}
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
 * Count the samples in the valid records of a segment. A corrupt or torn
 * stretch is skipped up to the next valid record and counted for the
 * samples it held (estimated from the average bytes a sample).
 */
static uint64_t scan_segment(struct spool *s, uint64_t id, uint64_t *bytes,
			     uint64_t upto_off, uint64_t *n_before)
{
	struct sbuf b = { 0 };
	struct rec_info ri;
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
		r = read_record(fd, path, off, &b, &next, &ri);
		if (r == 0)
			break;
		if (r == 1) {
			if (off < upto_off)
				*n_before += ri.count;
			if (!ri.bin)
				s->text_samples++;
			good += next - off;
			off = next;
			n += ri.count;
			continue;
		}
		next = resync(fd, off, n ? good / n : 0, &lost);
		s->st.corrupt += lost;
		log_warn("spool %s: %" PRIu64 " bytes skipped at offset %" PRIu64
			 " (~%" PRIu64 " samples lost)", path, next - off, off, lost);
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
	s->wseg_meta = false;	/* a block needs the layout before it */
	return add_seg(s, id, 0, 0);
}

static void write_ack(struct spool *s)
{
	char path[320], tmp[330], line[80];
	int fd, n;

	snprintf(path, sizeof(path), "%s/ack", s->dir);
	snprintf(tmp, sizeof(tmp), "%s/ack.tmp", s->dir);
	n = snprintf(line, sizeof(line), "%" PRIu64 " %" PRIu64 " %" PRIu64 " %u\n",
		     s->commit.seg, s->commit.off, s->commit.n, s->commit.sub);
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
	unsigned int sub = 0;
	char path[320];
	FILE *f;

	snprintf(path, sizeof(path), "%s/ack", s->dir);
	f = fopen(path, "r");
	if (!f)
		return;
	/* iiofwd 0.1 wrote three numbers */
	if (fscanf(f, "%llu %llu %llu %u", &seg, &off, &n, &sub) >= 3) {
		s->commit.seg = seg;
		s->commit.off = off;
		s->commit.n = n;
		s->commit.sub = sub;
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
			s->commit = (struct spool_pos){ s->segs[0].id, 0, 0, 0 };
	} else {
		s->commit = (struct spool_pos){ next_id, 0, 0, 0 };
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
		log_info("spool %s: %" PRIu64 " samples from a previous run", dir,
			 spool_pending(s));
	if (s->text_samples)
		log_warn("spool %s: %" PRIu64 " samples in the text records of iiofwd 0.1 "
			 "(formatted then): delivered as they are", dir, s->text_samples);
	*out = s;
	return 0;
}

void spool_close(struct spool *s)
{
	if (!s)
		return;
	spool_flush(s);
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
	sbuf_free(&s->wmeta);
	sbuf_free(&s->wblk);
	sbuf_free(&s->rrec);
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

/* Write one record: SPL2 with count samples when bin, else SPOL. */
static int append_raw(struct spool *s, bool bin, const void *data, size_t len,
		      uint32_t count)
{
	size_t hl = bin ? REC2_HDR : REC_HDR;
	uint8_t hdr[REC2_HDR];
	struct seg *w;
	ssize_t n;

	if (len > SPOOL_REC_MAX)
		return -EMSGSIZE;
	w = &s->segs[s->nsegs - 1];
	if (w->bytes + hl + len > SPOOL_SEG_MAX && w->bytes) {
		if (open_write_seg(s, w->id + 1))
			return -errno;
		w = &s->segs[s->nsegs - 1];
	}
	/* bound: drop the oldest segments (not the one being written) */
	while (s->nsegs > 1 && total_bytes(s) + hl + len > s->max_bytes) {
		uint64_t lost = s->segs[0].records;

		if (s->segs[0].id == s->commit.seg)
			lost -= s->commit.n;
		s->st.dropped += lost;
		log_warn("spool %s: full, dropping %" PRIu64 " oldest samples", s->dir, lost);
		if (s->rfd >= 0 && s->rfd_seg == s->segs[0].id) {
			close(s->rfd);
			s->rfd = -1;
		}
		unlink_seg(s, 0);
		s->commit = (struct spool_pos){ s->segs[0].id, 0, 0, 0 };
		if (s->rd.seg < s->commit.seg)
			s->rd = s->commit;
		if (s->rstart.seg < s->commit.seg)
			s->rhave = false;
		write_ack(s);
		w = &s->segs[s->nsegs - 1];
	}
	/* not counted here: the caller counts the sample it could not keep */
	if (total_bytes(s) + hl + len > s->max_bytes)
		return -ENOSPC;
	put32(hdr, bin ? REC2_MAGIC : REC_MAGIC);
	put32(hdr + 4, (uint32_t)len);
	put32(hdr + 12, count);
	put32(hdr + 8, bin ? crc2(hdr + 12, data, len) : spool_crc32(data, len));
	{
		struct iovec iov[2] = {
			{ .iov_base = hdr, .iov_len = hl },
			{ .iov_base = (void *)data, .iov_len = len },
		};

		n = writev(s->wfd, iov, 2);
	}
	if (n != (ssize_t)(hl + len)) {
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
	w->bytes += hl + len;
	w->records += count;
	s->st.written += count;
	if (s->sync == SPOOL_SYNC_ALWAYS)
		sync_fd(s, s->wfd);
	return 0;
}

int spool_append(struct spool *s, const void *data, size_t len)
{
	return append_raw(s, false, data, len, 1);
}

static size_t seg_index(const struct spool *s, uint64_t id)
{
	size_t i;

	for (i = 0; i < s->nsegs; i++)
		if (s->segs[i].id >= id)
			return i;
	return s->nsegs;
}

/* The record at the read cursor: its start and end positions. */
static int read_rec(struct spool *s, struct sbuf *out, struct rec_info *ri,
		    struct spool_pos *start, struct spool_pos *end)
{
	for (;;) {
		size_t i = seg_index(s, s->rd.seg);
		char path[320];
		uint64_t next;
		int r;

		if (i == s->nsegs)
			return 0;
		if (s->segs[i].id != s->rd.seg)
			s->rd = (struct spool_pos){ s->segs[i].id, 0, 0, 0 };
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
		r = read_record(s->rfd, path, s->rd.off, out, &next, ri);
		if (r == 1) {
			*start = s->rd;
			start->sub = 0;
			s->rd.off = next;
			s->rd.n += ri->count;
			s->rd.sub = 0;
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
					 PRIu64 " (~%" PRIu64 " samples lost)", path,
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
		s->rd = (struct spool_pos){ s->segs[i + 1].id, 0, 0, 0 };
	}
}

int spool_read(struct spool *s, struct sbuf *out, struct spool_pos *end)
{
	struct spool_pos start;
	struct rec_info ri;

	return read_rec(s, out, &ri, &start, end);
}

void spool_rewind(struct spool *s)
{
	s->rd = s->commit;
	s->rhave = false;
}

void spool_commit(struct spool *s, const struct spool_pos *pos)
{
	if (pos->seg < s->commit.seg ||
	    (pos->seg == s->commit.seg && (pos->off < s->commit.off ||
	     (pos->off == s->commit.off && pos->sub <= s->commit.sub))))
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
			s->commit = (struct spool_pos){ s->segs[0].id, 0, 0, 0 };
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
		t -= s->commit.n + s->commit.sub < t ? s->commit.n + s->commit.sub : t;
	return t + s->wn;
}

const struct spool_stats *spool_stats(const struct spool *s)
{
	return &s->st;
}

void spool_set_sync(struct spool *s, enum spool_sync mode)
{
	s->sync = mode;
}

/* --- samples in binary ------------------------------------------------ */

static void put_le(struct sbuf *b, uint64_t v, unsigned int n)
{
	char t[8];
	unsigned int i;

	for (i = 0; i < n; i++)
		t[i] = (char)(v >> (8 * i));
	sbuf_append(b, t, n);
}

static void put_varint(struct sbuf *b, uint64_t v)
{
	char t[10];
	unsigned int n = 0;

	while (v >= 0x80) {
		t[n++] = (char)((v & 0x7f) | 0x80);
		v >>= 7;
	}
	t[n++] = (char)v;
	sbuf_append(b, t, n);
}

static void put_str(struct sbuf *b, const char *str)
{
	size_t n = strnlen(str, 127);

	put_le(b, n, 1);
	sbuf_append(b, str, n);
}

static uint64_t put_double_bits(double d)
{
	uint64_t v;

	memcpy(&v, &d, sizeof(v));
	return v;
}

/* A cursor over a payload; bad once it ran past the end. */
struct cur {
	const uint8_t *p;
	size_t len, off;
	bool bad;
};

static uint64_t get_le(struct cur *c, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	if (c->len - c->off < n) {
		c->bad = true;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t)c->p[c->off + i] << (8 * i);
	c->off += n;
	return v;
}

static uint64_t get_varint(struct cur *c)
{
	uint64_t v = 0;
	unsigned int shift;

	for (shift = 0; shift < 64; shift += 7) {
		uint64_t b = get_le(c, 1);

		v |= (b & 0x7f) << shift;
		if (!(b & 0x80) || c->bad)
			return v;
	}
	c->bad = true;
	return 0;
}

static void get_str(struct cur *c, char *dst, size_t cap)
{
	size_t n = (size_t)get_le(c, 1);

	if (c->len - c->off < n || n >= cap) {
		c->bad = true;
		dst[0] = '\0';
		return;
	}
	memcpy(dst, c->p + c->off, n);
	dst[n] = '\0';
	c->off += n;
}

static double get_double(struct cur *c)
{
	uint64_t v = get_le(c, 8);
	double d;

	memcpy(&d, &v, sizeof(d));
	return d;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

#define META_VERSION	1
#define BLK_HDR		17	/* 'B', first sequence number, first time */

int spool_set_meta(struct spool *s, const char *dev, const char *label,
		   const struct scan_layout *l)
{
	struct sbuf *b = &s->wmeta;
	unsigned int i;

	if (l->nch > SCAN_MAX_CH)
		return -EINVAL;
	spool_flush(s);		/* blocks of the layout before */
	sbuf_reset(b);
	put_le(b, 'M', 1);
	put_le(b, META_VERSION, 1);
	put_str(b, dev);
	put_str(b, label ? label : "");
	put_le(b, l->nch, 1);
	for (i = 0; i < l->nch; i++) {
		const struct scan_chan *c = &l->ch[i];

		put_str(b, c->id);
		put_le(b, (uint32_t)c->index, 4);
		put_le(b, (c->type.be ? 1u : 0) | (c->type.is_signed ? 2u : 0) |
			  (c->is_timestamp ? 4u : 0), 1);
		put_le(b, c->type.bits, 1);
		put_le(b, c->type.storagebits, 1);
		put_le(b, c->type.shift, 1);
		put_le(b, c->type.repeat, 1);
		put_le(b, put_double_bits(c->scale), 8);
		put_le(b, put_double_bits(c->offset), 8);
	}
	if (b->oom) {
		sbuf_reset(b);
		b->oom = false;
		return -ENOMEM;
	}
	s->wlayout = *l;
	s->wseg_meta = false;	/* the next block writes it */
	return 0;
}

static int parse_meta(const uint8_t *p, size_t len, struct spool_meta *m)
{
	struct cur c = { p, len, 0, false };
	char err[128];
	unsigned int i, nch;

	if (get_le(&c, 1) != 'M' || get_le(&c, 1) != META_VERSION)
		return -1;
	memset(m, 0, sizeof(*m));
	get_str(&c, m->dev, sizeof(m->dev));
	get_str(&c, m->label, sizeof(m->label));
	nch = (unsigned int)get_le(&c, 1);
	if (nch > SCAN_MAX_CH)
		return -1;
	for (i = 0; i < nch; i++) {
		struct scan_chan *ch = &m->layout.ch[i];
		unsigned int flags;

		get_str(&c, ch->id, sizeof(ch->id));
		ch->index = (int)(int32_t)get_le(&c, 4);
		flags = (unsigned int)get_le(&c, 1);
		ch->type.be = flags & 1;
		ch->type.is_signed = flags & 2;
		ch->is_timestamp = flags & 4;
		ch->type.bits = (unsigned int)get_le(&c, 1);
		ch->type.storagebits = (unsigned int)get_le(&c, 1);
		ch->type.shift = (unsigned int)get_le(&c, 1);
		ch->type.repeat = (unsigned int)get_le(&c, 1);
		ch->scale = get_double(&c);
		ch->offset = get_double(&c);
		if (ch->type.storagebits % 8 || !ch->type.storagebits ||
		    ch->type.storagebits > 64 || ch->type.bits > ch->type.storagebits ||
		    !ch->type.repeat)
			return -1;
	}
	if (c.bad)
		return -1;
	m->layout.nch = nch;
	return scan_layout_compute(&m->layout, err, sizeof(err));
}

int spool_put(struct spool *s, uint64_t seq, const uint8_t *rec, int64_t t)
{
	const struct scan_layout *l = &s->wlayout;
	struct sbuf *b = &s->wblk;
	unsigned int i;

	if (!s->wmeta.len)
		return -EINVAL;
	if (l->ts_chan >= 0)
		t = scan_extract(&l->ch[l->ts_chan].type,
				 rec + l->ch[l->ts_chan].byte_offset, 0);
	if (s->wn && (seq != s->wseq_next || s->wn >= SPOOL_BLOCK ||
		      b->len + 10 + l->bytes > SPOOL_REC_MAX))
		spool_flush(s);
	if (!s->wn) {
		sbuf_reset(b);
		b->oom = false;
		put_le(b, 'B', 1);
		put_le(b, seq, 8);
		put_le(b, (uint64_t)t, 8);
		s->wd_prev = 0;
		s->wblk_ns = now_mono_ns();
	} else {
		/* wrapping arithmetic: any stamps round-trip */
		int64_t d = (int64_t)((uint64_t)t - (uint64_t)s->wt_prev);

		put_varint(b, zigzag((int64_t)((uint64_t)d - (uint64_t)s->wd_prev)));
		s->wd_prev = d;
	}
	s->wt_prev = t;
	for (i = 0; i < l->nch; i++) {
		const struct scan_chan *c = &l->ch[i];

		if ((int)i != l->ts_chan)
			sbuf_append(b, (const char *)rec + c->byte_offset,
				    c->type.storagebits / 8 * c->type.repeat);
	}
	s->wn++;
	s->wseq_next = seq + 1;
	return 0;
}

int spool_flush(struct spool *s)
{
	uint32_t n = s->wn;
	uint64_t need;
	struct seg *w;
	int ret = 0;

	if (!n)
		return 0;
	s->wn = 0;
	if (s->wblk.oom) {
		ret = -ENOMEM;
		goto lost;
	}
	/* the layout and the block in one segment */
	w = &s->segs[s->nsegs - 1];
	need = REC2_HDR + s->wblk.len + (s->wseg_meta ? 0 : REC2_HDR + s->wmeta.len);
	if (w->bytes && w->bytes + need > SPOOL_SEG_MAX) {
		ret = open_write_seg(s, w->id + 1);
		if (ret)
			goto lost;
	}
	if (!s->wseg_meta) {
		ret = append_raw(s, true, s->wmeta.p, s->wmeta.len, 0);
		if (ret)
			goto lost;
		s->wseg_meta = true;
	}
	ret = append_raw(s, true, s->wblk.p, s->wblk.len, n);
	if (!ret)
		return 0;
lost:
	s->st.dropped += n;
	return ret;
}

void spool_tick(struct spool *s, uint64_t now_ns)
{
	if (s->wn && now_ns - s->wblk_ns >= SPOOL_BLOCK_NS)
		spool_flush(s);
}

/* The segment's layout, from its first record. */
static int load_meta(struct spool *s, uint64_t seg)
{
	struct sbuf b = { 0 };
	struct rec_info ri;
	char path[320];
	uint64_t next;
	int ret = -1;

	seg_path(s, seg, path, sizeof(path));
	if (s->rfd >= 0 && s->rfd_seg == seg &&
	    read_record(s->rfd, path, 0, &b, &next, &ri) == 1 && ri.bin &&
	    !parse_meta((const uint8_t *)b.p, b.len, &s->rmeta)) {
		s->rmeta_seg = seg;
		ret = 0;
	}
	sbuf_free(&b);
	return ret;
}

static int decode_one(struct spool *s, struct spool_sample *o)
{
	const struct scan_layout *l = &s->rmeta.layout;
	struct cur c = { (const uint8_t *)s->rrec.p, s->rrec.len, s->roff, false };
	uint8_t rec[SCAN_MAX_BYTES] = { 0 };
	int64_t t = s->rt_prev, d = 0;
	unsigned int i;

	if (s->ridx) {
		d = (int64_t)((uint64_t)s->rd_prev + (uint64_t)unzigzag(get_varint(&c)));
		t = (int64_t)((uint64_t)s->rt_prev + (uint64_t)d);
	}
	for (i = 0; i < l->nch; i++) {
		const struct scan_chan *ch = &l->ch[i];
		size_t n = ch->type.storagebits / 8 * ch->type.repeat;

		if ((int)i == l->ts_chan)
			continue;
		if (c.len - c.off < n || ch->byte_offset + n > sizeof(rec))
			return -1;
		memcpy(rec + ch->byte_offset, c.p + c.off, n);
		c.off += n;
	}
	if (c.bad)
		return -1;
	s->roff = c.off;
	s->rt_prev = t;
	s->rd_prev = d;
	scan_decode(l, rec, t, &o->s);
	o->s.t = t;
	o->s.seq = s->rseq0 + s->ridx;
	o->meta = &s->rmeta;
	o->text = NULL;
	o->len = 0;
	return 0;
}

/* Begin the record just read: 0 = samples to give, 1 = none (skip it). */
static int start_record(struct spool *s, uint32_t skip)
{
	const uint8_t *p = (const uint8_t *)s->rrec.p;
	struct spool_sample dummy;
	struct cur c = { p, s->rrec.len, 1, false };
	char path[320];

	s->ridx = 0;
	if (!s->rinfo.bin) {
		s->ridx = skip ? 1 : 0;
		return 0;
	}
	seg_path(s, s->rstart.seg, path, sizeof(path));
	if (s->rrec.len && p[0] == 'M') {
		if (parse_meta(p, s->rrec.len, &s->rmeta)) {
			log_warn("spool %s: unreadable layout record at offset %" PRIu64,
				 path, s->rstart.off);
			s->rmeta_seg = 0;
		} else {
			s->rmeta_seg = s->rstart.seg;
		}
		return 1;
	}
	if (s->rrec.len < BLK_HDR || p[0] != 'B' ||
	    (s->rmeta_seg != s->rstart.seg && load_meta(s, s->rstart.seg))) {
		log_warn("spool %s: block at offset %" PRIu64 " without a readable layout: "
			 "%u samples lost", path, s->rstart.off, s->rinfo.count);
		s->st.corrupt += s->rinfo.count;
		return 1;
	}
	s->rseq0 = get_le(&c, 8);
	s->rt_prev = (int64_t)get_le(&c, 8);
	s->rd_prev = 0;
	s->roff = BLK_HDR;
	while (s->ridx < skip && s->ridx < s->rinfo.count) {
		if (decode_one(s, &dummy))
			return -1;
		s->ridx++;
	}
	return 0;
}

int spool_next(struct spool *s, struct spool_sample *o, struct spool_pos *end)
{
	for (;;) {
		struct spool_pos want;
		int r;

		if (s->rhave && s->ridx < s->rinfo.count) {
			if (!s->rinfo.bin) {
				o->meta = NULL;
				o->text = s->rrec.p;
				o->len = s->rrec.len;
				s->ridx = 1;
			} else if (decode_one(s, o)) {
				log_warn("spool %s: block of segment %" PRIu64 " at offset %" PRIu64
					 " ends short: %u samples lost", s->dir, s->rstart.seg,
					 s->rstart.off, s->rinfo.count - s->ridx);
				s->st.corrupt += s->rinfo.count - s->ridx;
				s->rhave = false;
				continue;
			} else {
				s->ridx++;
			}
			if (s->ridx == s->rinfo.count) {
				*end = s->rend;
			} else {
				*end = s->rstart;
				end->sub = s->ridx;
			}
			return 1;
		}
		s->rhave = false;
		want = s->rd;
		r = read_rec(s, &s->rrec, &s->rinfo, &s->rstart, &s->rend);
		if (r == 0 && s->wn) {
			/* caught up with the disk: the block in memory is next */
			if (spool_flush(s))
				return 0;
			continue;
		}
		if (r != 1)
			return r;
		r = start_record(s, s->rstart.seg == want.seg && s->rstart.off == want.off ?
				 want.sub : 0);
		if (r < 0) {
			s->st.corrupt += s->rinfo.count;
			continue;
		}
		s->rhave = r == 0;
	}
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
