// SPDX-License-Identifier: GPL-2.0
/* The on-disk spool: order, commit, restart, corruption, bound. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "log.h"
#include "scan.h"
#include "spool.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/iiofwd-spool-XXXXXX");
	assert_non_null(mkdtemp(dir));
	log_level = -1;		/* the corruption tests warn on purpose */
	return 0;
}

static int teardown(void **state)
{
	struct dirent *de;
	char path[512];
	DIR *d;

	(void)state;
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

static struct spool *sp_open(uint64_t max)
{
	struct spool *s = NULL;
	char err[256];

	if (spool_open(&s, dir, max, err, sizeof(err)))
		fail_msg("spool_open: %s", err);
	return s;
}

static void append_n(struct spool *s, int from, int to)
{
	char rec[64];
	int i;

	for (i = from; i < to; i++) {
		int n = snprintf(rec, sizeof(rec), "record-%06d", i);

		assert_int_equal(spool_append(s, rec, (size_t)n), 0);
	}
}

/* Reads everything; returns the count, checks the sequence from `first`. */
static int read_all(struct spool *s, int first, struct spool_pos *last)
{
	struct sbuf b = { 0 };
	struct spool_pos pos;
	char want[64];
	int n = 0;

	while (spool_read(s, &b, &pos) == 1) {
		snprintf(want, sizeof(want), "record-%06d", first + n);
		assert_string_equal(b.p, want);
		n++;
		if (last)
			*last = pos;
	}
	sbuf_free(&b);
	return n;
}

/* Like read_all, but records skip_from..skip_to are expected missing. */
static int read_all_but(struct spool *s, int first, int skip_from, int skip_to)
{
	struct sbuf b = { 0 };
	struct spool_pos pos;
	char want[64];
	int n = 0, k = first;

	while (spool_read(s, &b, &pos) == 1) {
		if (k == skip_from)
			k = skip_to + 1;
		snprintf(want, sizeof(want), "record-%06d", k);
		assert_string_equal(b.p, want);
		n++;
		k++;
	}
	sbuf_free(&b);
	return n;
}

static void t_order_commit_rewind(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct spool_pos last;

	(void)state;
	assert_int_equal(spool_pending(s), 0);
	append_n(s, 0, 100);
	assert_int_equal(spool_pending(s), 100);
	assert_int_equal(read_all(s, 0, &last), 100);
	spool_rewind(s);			/* not committed: read again */
	assert_int_equal(read_all(s, 0, NULL), 100);
	spool_commit(s, &last);
	assert_int_equal(spool_pending(s), 0);
	spool_rewind(s);
	assert_int_equal(read_all(s, 0, NULL), 0);
	append_n(s, 100, 110);
	assert_int_equal(read_all(s, 100, NULL), 10);
	spool_close(s);
}

static void t_restart_resumes(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct sbuf b = { 0 };
	struct spool_pos pos;
	int i;

	(void)state;
	append_n(s, 0, 50);
	for (i = 0; i < 20; i++)
		assert_int_equal(spool_read(s, &b, &pos), 1);
	spool_commit(s, &pos);			/* 20 delivered */
	spool_close(s);

	s = sp_open(64 << 20);
	assert_int_equal(spool_pending(s), 30);
	assert_int_equal(read_all(s, 20, NULL), 30);
	append_n(s, 50, 60);			/* new segment after restart */
	assert_int_equal(read_all(s, 50, NULL), 10);
	spool_close(s);
	sbuf_free(&b);
}

static void t_many_segments(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct spool_pos last;
	char big[8000];
	struct sbuf b = { 0 };
	int i, n = 0;

	(void)state;
	memset(big, 'b', sizeof(big));
	for (i = 0; i < 300; i++) {		/* ~2.4 MB: 3 segments */
		big[0] = (char)('A' + i % 26);
		assert_int_equal(spool_append(s, big, sizeof(big)), 0);
	}
	while (spool_read(s, &b, &last) == 1) {
		assert_int_equal(b.len, sizeof(big));
		assert_int_equal(b.p[0], 'A' + n % 26);
		n++;
	}
	assert_int_equal(n, 300);
	spool_commit(s, &last);
	assert_int_equal(spool_pending(s), 0);
	spool_close(s);
	sbuf_free(&b);
}

/* A spool emptied by delivery, then refilled by the next run, keeps it. */
static void t_refill_after_empty(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct spool_pos last;

	(void)state;
	append_n(s, 0, 10);
	spool_close(s);
	s = sp_open(64 << 20);		/* next run delivers everything */
	assert_int_equal(read_all(s, 0, &last), 10);
	spool_commit(s, &last);
	spool_close(s);
	s = sp_open(64 << 20);		/* next run spools again */
	assert_int_equal(spool_pending(s), 0);
	append_n(s, 100, 105);
	spool_close(s);
	s = sp_open(64 << 20);		/* and the one after finds it */
	assert_int_equal(spool_pending(s), 5);
	assert_int_equal(read_all(s, 100, NULL), 5);
	spool_close(s);
}

static void seg_file(char *path, size_t len)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	path[0] = '\0';
	while ((de = readdir(d)))
		if (strstr(de->d_name, ".seg") && !path[0])
			snprintf(path, len, "%s/%s", dir, de->d_name);
	closedir(d);
}

static void t_truncated(void **state)
{
	struct spool *s = sp_open(64 << 20);
	char path[512];
	struct stat st;

	(void)state;
	append_n(s, 0, 10);
	spool_close(s);
	seg_file(path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size - 5), 0);	/* torn last record */

	s = sp_open(64 << 20);
	assert_int_equal(spool_stats(s)->corrupt, 1);		/* detected at open */
	assert_int_equal(spool_pending(s), 9);
	assert_int_equal(read_all(s, 0, NULL), 9);		/* the rest is intact */
	spool_close(s);
}

static void t_corrupt_crc(void **state)
{
	struct spool *s = sp_open(64 << 20);
	char path[512], c;
	int fd;

	(void)state;
	append_n(s, 0, 10);
	spool_close(s);
	seg_file(path, sizeof(path));
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	/* record 3 starts at 3 * (12 + 13); flip a payload byte */
	assert_int_equal(pread(fd, &c, 1, 3 * 25 + 12 + 2), 1);
	c ^= 0x20;
	assert_int_equal(pwrite(fd, &c, 1, 3 * 25 + 12 + 2), 1);
	close(fd);

	s = sp_open(64 << 20);
	assert_int_equal(spool_stats(s)->corrupt, 1);
	assert_int_equal(spool_pending(s), 9);
	/* the bad one is skipped, not the rest of its segment */
	assert_int_equal(read_all_but(s, 0, 3, 3), 9);
	assert_int_equal(spool_stats(s)->corrupt, 1);	/* counted once */
	spool_close(s);
}

/* Three records' worth of zeros: three counted, the others delivered. */
static void t_corrupt_region(void **state)
{
	struct spool *s = sp_open(64 << 20);
	char path[512], zero[75] = { 0 };
	int fd;

	(void)state;
	append_n(s, 0, 10);
	spool_close(s);
	seg_file(path, sizeof(path));
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, zero, sizeof(zero), 3 * 25), (int)sizeof(zero));
	close(fd);

	s = sp_open(64 << 20);
	assert_int_equal(spool_stats(s)->corrupt, 3);
	assert_int_equal(spool_pending(s), 7);
	assert_int_equal(read_all_but(s, 0, 3, 5), 7);
	spool_close(s);
}

/* Corrupted after it was written in this run: found and counted on read. */
static void t_corrupt_while_running(void **state)
{
	struct spool *s = sp_open(64 << 20);
	char path[512], c = 'X';
	int fd;

	(void)state;
	append_n(s, 0, 10);
	seg_file(path, sizeof(path));
	fd = open(path, O_RDWR);
	assert_int_equal(pwrite(fd, &c, 1, 6 * 25 + 12 + 1), 1);
	close(fd);
	assert_int_equal(read_all_but(s, 0, 6, 6), 9);
	assert_int_equal(spool_stats(s)->corrupt, 1);
	assert_int_equal(spool_pending(s), 9);
	spool_rewind(s);			/* read again: not counted again */
	assert_int_equal(read_all_but(s, 0, 6, 6), 9);
	assert_int_equal(spool_stats(s)->corrupt, 1);
	spool_close(s);
}

static int count_segs(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	while ((de = readdir(d)))
		n += strstr(de->d_name, ".seg") != NULL;
	closedir(d);
	return n;
}

/*
 * Writes that fail (disk full; here the file size limit) start no new
 * segment file each, leave no torn record behind, and are not counted by
 * the spool (the caller counts the sample it could not keep, once).
 */
static void t_write_fails(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct rlimit old, lim;
	char rec[64];
	int i, ok = 0, failed = 0;

	(void)state;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 25 * 4 + 10;		/* room for 4 records and a bit */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	for (i = 0; i < 50; i++) {
		int n = snprintf(rec, sizeof(rec), "record-%06d", ok);

		if (spool_append(s, rec, (size_t)n) == 0)
			ok++;
		else
			failed++;
	}
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(ok, 4);
	assert_int_equal(failed, 46);
	assert_int_equal(count_segs(), 1);
	assert_int_equal(spool_stats(s)->dropped, 0);
	append_n(s, 4, 8);			/* space again: the same segment */
	assert_int_equal(count_segs(), 1);
	assert_int_equal(spool_pending(s), 8);
	assert_int_equal(read_all(s, 0, NULL), 8);
	assert_int_equal(spool_stats(s)->corrupt, 0);
	spool_close(s);
}

/* 0700 directories, 0600 files: samples are nobody else's business. */
static void t_modes(void **state)
{
	char sub[128], path[512];
	struct spool *s = NULL;
	struct stat st;
	char err[256];

	(void)state;
	snprintf(sub, sizeof(sub), "%s/a", dir);
	assert_int_equal(spool_open(&s, sub, 1 << 20, err, sizeof(err)), 0);
	append_n(s, 0, 1);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof(path), "%s/0000000000000001.seg", sub);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s/ack", sub);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	spool_close(s);
	unlink(path);
	snprintf(path, sizeof(path), "%s/0000000000000001.seg", sub);
	unlink(path);
	rmdir(sub);
}

/* --spool-sync: none never, segment per full segment, always per record */
static void t_sync(void **state)
{
	struct spool *s = sp_open(64 << 20);
	char big[8000];
	int i;

	(void)state;
	assert_int_equal(spool_stats(s)->syncs, 0);
	spool_set_sync(s, SPOOL_SYNC_NONE);
	append_n(s, 0, 10);
	assert_int_equal(spool_stats(s)->syncs, 0);
	spool_set_sync(s, SPOOL_SYNC_ALWAYS);
	append_n(s, 10, 20);
	assert_int_equal(spool_stats(s)->syncs, 10);
	spool_set_sync(s, SPOOL_SYNC_SEGMENT);
	memset(big, 'b', sizeof(big));
	for (i = 0; i < 300; i++)		/* ~2.4 MB: 2 segments filled */
		assert_int_equal(spool_append(s, big, sizeof(big)), 0);
	assert_int_equal(spool_stats(s)->syncs, 12);
	spool_close(s);
}

static void t_garbage_file(void **state)
{
	struct spool *s;
	char path[512];
	unsigned char junk[300];
	size_t i;
	int fd;

	(void)state;
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 131 + 7);
	snprintf(path, sizeof(path), "%s/0000000000000005.seg", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_int_equal(write(fd, junk, sizeof(junk)), (int)sizeof(junk));
	close(fd);
	snprintf(path, sizeof(path), "%s/ack", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_int_equal(write(fd, "zz\n", 3), 3);
	close(fd);

	s = sp_open(64 << 20);
	assert_true(spool_stats(s)->corrupt >= 2);	/* segment and ack file */
	assert_int_equal(spool_pending(s), 0);
	assert_int_equal(read_all(s, 0, NULL), 0);
	append_n(s, 0, 5);				/* still usable */
	assert_int_equal(read_all(s, 0, NULL), 5);
	spool_close(s);
}

static void t_bound_drops_oldest(void **state)
{
	struct spool *s = sp_open(3u << 20);		/* 3 segments of 1 MiB */
	char rec[1000];
	struct sbuf b = { 0 };
	struct spool_pos pos;
	unsigned int i, n = 0, first = 0;
	int r;

	(void)state;
	memset(rec, 'r', sizeof(rec));
	for (i = 0; i < 5000; i++) {		/* ~5 MB */
		memcpy(rec, &i, sizeof(i));
		r = spool_append(s, rec, sizeof(rec));
		assert_true(r == 0);
	}
	/* every record is either still there or counted as dropped */
	assert_int_equal(spool_pending(s) + spool_stats(s)->dropped, 5000);
	assert_true(spool_stats(s)->dropped > 0);
	while (spool_read(s, &b, &pos) == 1) {
		memcpy(&i, b.p, sizeof(i));
		if (!n)
			first = i;
		assert_int_equal(i, first + n);	/* the newest, in order */
		n++;
	}
	assert_int_equal(first, spool_stats(s)->dropped);
	assert_int_equal(n, 5000 - first);
	spool_close(s);
	sbuf_free(&b);
}

/* --- binary samples -------------------------------------------------- */

/* x, y, z "le:s12/16>>4" and, with ts, a "le:s64/64>>0" timestamp */
static void mk_layout(struct scan_layout *l, bool ts)
{
	const char *ids[] = { "accel_x", "accel_y", "accel_z", "timestamp" };
	char err[128];
	unsigned int i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < (ts ? 4u : 3u); i++) {
		struct scan_chan *c = &l->ch[l->nch++];

		snprintf(c->id, sizeof(c->id), "%s", ids[i]);
		c->index = (int)i;
		c->is_timestamp = i == 3;
		c->scale = i == 3 ? 1.0 : 0.009576;
		assert_int_equal(scan_type_parse(i == 3 ? "le:s64/64>>0" : "le:s12/16>>4",
						 &c->type), 0);
	}
	assert_int_equal(scan_layout_compute(l, err, sizeof(err)), 0);
}

/* The scan record of sample i: values from i, stamp 744047 ns apart +-3 */
static int64_t mk_rec(const struct scan_layout *l, uint64_t i, uint8_t *rec)
{
	int64_t t = 1700000000000000000ll + (int64_t)i * 744047 + (int64_t)(i % 7) - 3;
	unsigned int k;

	memset(rec, 0, l->bytes);
	for (k = 0; k < 3; k++) {
		uint16_t v = (uint16_t)(((i * 37 + k * 1000) % 4096) << 4);

		rec[l->ch[k].byte_offset] = (uint8_t)v;
		rec[l->ch[k].byte_offset + 1] = (uint8_t)(v >> 8);
	}
	if (l->ts_chan >= 0)
		memcpy(rec + l->ch[l->ts_chan].byte_offset, &t, 8);
	return t;
}

/* Reads n samples, checking each against mk_rec(seq); returns the last end */
static void next_n(struct spool *s, const struct scan_layout *l, uint64_t seq,
		   unsigned int n, struct spool_pos *end)
{
	uint8_t rec[64];
	struct spool_sample ss;
	struct sample want;
	unsigned int i;

	for (i = 0; i < n; i++, seq++) {
		int64_t t = mk_rec(l, seq, rec);

		scan_decode(l, rec, t, &want);
		assert_int_equal(spool_next(s, &ss, end), 1);
		assert_non_null(ss.meta);
		assert_string_equal(ss.meta->dev, "lis3dh");
		assert_int_equal(ss.s.seq, seq);
		assert_int_equal(ss.s.t, t);
		assert_int_equal(ss.s.n, want.n);
		assert_memory_equal(ss.s.raw, want.raw, want.n * sizeof(want.raw[0]));
	}
}

static void put_n(struct spool *s, const struct scan_layout *l, uint64_t from,
		  uint64_t to)
{
	uint8_t rec[64];
	uint64_t i;

	for (i = from; i < to; i++) {
		int64_t t = mk_rec(l, i, rec);

		assert_int_equal(spool_put(s, i, rec, l->ts_chan >= 0 ? 0 : t), 0);
	}
}

static off_t dir_bytes(void)
{
	struct dirent *de;
	char path[512];
	struct stat st;
	off_t n = 0;
	DIR *d = opendir(dir);

	while ((de = readdir(d))) {
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (strstr(de->d_name, ".seg") && !stat(path, &st))
			n += st.st_size;
	}
	closedir(d);
	return n;
}

/* Samples come back exact (values, stamps, seq) at ~7 bytes each. */
static void t_binary_roundtrip(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct scan_layout l;
	struct spool_pos end;
	struct spool_sample ss;
	int ts;

	(void)state;
	for (ts = 1; ts >= 0; ts--) {
		mk_layout(&l, ts);
		assert_int_equal(spool_set_meta(s, "lis3dh", "", &l), 0);
		put_n(s, &l, 0, 1000);
		assert_int_equal(spool_pending(s), 1000);
		next_n(s, &l, 0, 1000, &end);
		assert_int_equal(spool_next(s, &ss, &end), 0);
		spool_commit(s, &end);
		assert_int_equal(spool_pending(s), 0);
		assert_int_equal(spool_stats(s)->corrupt, 0);
	}
	/* 2000 samples in 8 blocks and 2 layout records */
	print_message("spool: %lld bytes for 2000 samples\n", (long long)dir_bytes());
	assert_true(dir_bytes() < 2000 * 8);
	spool_close(s);
}

/* A commit inside a block survives a restart; a rewind goes back to it. */
static void t_binary_commit_in_block(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct scan_layout l;
	struct spool_pos end;

	(void)state;
	mk_layout(&l, true);
	assert_int_equal(spool_set_meta(s, "lis3dh", "", &l), 0);
	put_n(s, &l, 0, 600);			/* blocks of 256, 256, 88 */
	next_n(s, &l, 0, 300, &end);		/* 44 into the second block */
	spool_commit(s, &end);
	assert_int_equal(spool_pending(s), 300);
	next_n(s, &l, 300, 10, &end);
	spool_rewind(s);			/* not committed: read again */
	next_n(s, &l, 300, 10, &end);
	spool_close(s);

	s = sp_open(64 << 20);
	assert_int_equal(spool_pending(s), 300);
	next_n(s, &l, 300, 300, &end);
	spool_commit(s, &end);
	assert_int_equal(spool_pending(s), 0);
	spool_close(s);
}

/* A sequence jump starts a block; the block in memory is read too. */
static void t_binary_seq_jump(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct scan_layout l;
	struct spool_pos end;
	struct spool_sample ss;

	(void)state;
	mk_layout(&l, false);
	assert_int_equal(spool_set_meta(s, "lis3dh", "", &l), 0);
	put_n(s, &l, 0, 10);
	put_n(s, &l, 50, 60);
	assert_int_equal(spool_pending(s), 20);
	next_n(s, &l, 0, 10, &end);
	next_n(s, &l, 50, 10, &end);
	assert_int_equal(spool_next(s, &ss, &end), 0);
	spool_close(s);
}

/* Text records of iiofwd 0.1 are read and given as they are, then binary. */
static void t_text_then_binary(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct scan_layout l;
	struct spool_pos end;
	struct spool_sample ss;
	char want[64];
	int i;

	(void)state;
	append_n(s, 0, 10);			/* what iiofwd 0.1 wrote */
	spool_close(s);
	s = sp_open(64 << 20);
	assert_int_equal(spool_pending(s), 10);
	mk_layout(&l, true);
	assert_int_equal(spool_set_meta(s, "lis3dh", "", &l), 0);
	put_n(s, &l, 0, 10);
	for (i = 0; i < 10; i++) {
		assert_int_equal(spool_next(s, &ss, &end), 1);
		assert_null(ss.meta);
		snprintf(want, sizeof(want), "record-%06d", i);
		assert_int_equal(ss.len, strlen(want));
		assert_memory_equal(ss.text, want, ss.len);
	}
	next_n(s, &l, 0, 10, &end);
	spool_commit(s, &end);
	assert_int_equal(spool_pending(s), 0);
	spool_close(s);
}

/* A corrupt block: its samples counted, the other blocks delivered. */
static void t_binary_corrupt_block(void **state)
{
	struct spool *s = sp_open(64 << 20);
	struct scan_layout l;
	struct spool_pos end;
	struct spool_sample ss;
	char path[512], c;
	int fd, n = 0;

	(void)state;
	mk_layout(&l, true);
	assert_int_equal(spool_set_meta(s, "lis3dh", "", &l), 0);
	put_n(s, &l, 0, 768);			/* three full blocks */
	spool_close(s);
	seg_file(path, sizeof(path));
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	/* a byte in the middle of the file: in the second block */
	assert_int_equal(pread(fd, &c, 1, dir_bytes() / 2), 1);
	c ^= 0x55;
	assert_int_equal(pwrite(fd, &c, 1, dir_bytes() / 2), 1);
	close(fd);

	s = sp_open(64 << 20);
	assert_true(spool_stats(s)->corrupt >= 250 && spool_stats(s)->corrupt <= 262);
	next_n(s, &l, 0, 256, &end);
	while (spool_next(s, &ss, &end) == 1) {
		assert_int_equal(ss.s.seq, 512 + (uint64_t)n);
		n++;
	}
	assert_int_equal(n, 256);
	spool_close(s);
}

static void t_crc32(void **state)
{
	(void)state;
	/* the standard check value of CRC-32/ISO-HDLC */
	assert_int_equal(spool_crc32("123456789", 9), 0xcbf43926u);
	assert_int_equal(spool_crc32("", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_order_commit_rewind, setup, teardown),
		cmocka_unit_test_setup_teardown(t_restart_resumes, setup, teardown),
		cmocka_unit_test_setup_teardown(t_many_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(t_refill_after_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(t_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(t_corrupt_crc, setup, teardown),
		cmocka_unit_test_setup_teardown(t_corrupt_region, setup, teardown),
		cmocka_unit_test_setup_teardown(t_corrupt_while_running, setup, teardown),
		cmocka_unit_test_setup_teardown(t_write_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(t_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(t_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(t_garbage_file, setup, teardown),
		cmocka_unit_test_setup_teardown(t_bound_drops_oldest, setup, teardown),
		cmocka_unit_test_setup_teardown(t_binary_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(t_binary_commit_in_block, setup, teardown),
		cmocka_unit_test_setup_teardown(t_binary_seq_jump, setup, teardown),
		cmocka_unit_test_setup_teardown(t_text_then_binary, setup, teardown),
		cmocka_unit_test_setup_teardown(t_binary_corrupt_block, setup, teardown),
		cmocka_unit_test(t_crc32),
	};

	return cmocka_run_group_tests_name("spool", tests, NULL, NULL);
}
