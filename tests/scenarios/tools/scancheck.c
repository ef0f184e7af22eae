// SPDX-License-Identifier: GPL-2.0
/*
 * scancheck: read IIO scans and check the simulator's counter pattern.
 *
 * The simulator encodes sample number n in the most significant byte of each
 * axis word (X = n & 0xff, Y = (n >> 8) & 0xff, Z = (n >> 16) & 0xff), so the
 * sequence of n across scans shows every lost, repeated or reordered sample.
 * Optionally checks that the timestamps increase strictly, that their mean
 * spacing is within a tolerance of 1/ODR, that every single interval is
 * within the driver's stamp bound (below), and that the first scan is fresh.
 *
 * usage: scancheck -n SCANS -b SCAN_BYTES [-f FILE] [-x OFF -y OFF -z OFF]
 *                  [-t TS_OFF] [-E] [-r ODR_HZ] [-p PERCENT] [-T SECONDS]
 *                  [-F MIN[:MAX]]
 *   -E: axis words are big-endian (default little-endian)
 *   -t: byte offset of the s64 timestamp; -1 (default) for none
 *   -r: the ODR; with -t, checks the mean spacing (-p, percent, default 2)
 *       and every interval (see "Per-interval bound")
 *   -F: the first scan must be fresh: MIN is the simulator's `samples`
 *       counter read just before the buffer was enabled, MAX (optional) the
 *       same counter read just after the enable returned (see "First scan")
 *   -T: give up when no data arrives for this long (default 10 s)
 * Every scan read is checked, from the first one after the enable: there
 * is no settling.
 *
 * Per-interval bound. The driver stamps each sample of a FIFO batch
 * (lis2dh_fifo_stamps() in driver/lis2dh_calc.c, its use in
 * lis2dh_fifo_drain()): the newest with the watermark interrupt's time when
 * the FIFO held no more than the watermark level (the interrupt came after
 * that sample and before the next one), else with a prediction from the
 * previous batch kept within the period before FIFO_SRC was read, or with
 * that read's time (first batch, overrun); the others one uniform spacing
 * apart, which continues from the previous batch. So every stamp lies
 * within one period after the time its sample was taken (up to the few
 * microseconds of a register read), and any two consecutive scans whose
 * counter says k samples are missing between them are (k + 1) periods apart
 * give or take one period. With r = interval * ODR - k (the interval in
 * periods less the missing samples, 1 nominally), each interval must have
 * 0 < r <= 2. A batch stamped at one instant gives r = 0 inside it and
 * r = batch size (> 2 from a level of 3 on) at its first scan; stamps taken
 * from the read time instead leave it as soon as the read latency varies by
 * more than a period. Intervals next to a repeated or reordered scan are not
 * checked (those are failures already). The summary gives the number of
 * intervals outside the bound and the smallest and largest r.
 *
 * First scan. The simulator's `samples` is the number of the next sample
 * it will make. The driver empties the FIFO at enable (bypass mode, then
 * stream mode), the IIO core empties the buffer, and in triggered mode the
 * driver reads out the pending sample before routing data-ready: every
 * sample pushed is made after the enable began, so the first scan's n must
 * be >= MIN (mod 2^24), without any slack. A scan from before (left in the
 * FIFO, in the buffer or in the output registers) is reported as stale=
 * (how many samples before MIN) and fails. The FIFO stores from the enable's
 * stream-mode write, before MAX was read, so the samples from MAX up to the
 * first scan were made while capturing and did not arrive: they count as
 * lost (also shown as lead_lost=), like a hole between two scans.
 *
 * Prints one summary line; exits 0 only when every check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEQ_MOD (1u << 24)

/* the per-interval bound on r (see above): one period either way */
#define INTERVAL_R_MIN 0.0
#define INTERVAL_R_MAX 2.0

/* (a - b) mod 2^24 as a signed distance */
static long seq_diff(unsigned int a, unsigned int b)
{
	unsigned int d = (a - b) & (SEQ_MOD - 1);

	return d >= SEQ_MOD / 2 ? (long)d - (long)SEQ_MOD : (long)d;
}

static long parse_long(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *s == '\0' || *end != '\0') {
		fprintf(stderr, "scancheck: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

/*
 * Scans are read in chunks of up to CHUNK_SCANS, so that a fast stream costs
 * the guest few system calls; the reader hands out one scan at a time.
 */
#define CHUNK_SCANS 256

struct reader {
	int fd;
	int timeout_ms;
	size_t scan_bytes;
	uint8_t *buf;
	size_t len;	/* bytes in buf */
	size_t pos;	/* next unread byte */
};

/* Point *scan at the next whole scan, reading more when needed. */
static int next_scan(struct reader *r, const uint8_t **scan)
{
	while (r->len - r->pos < r->scan_bytes) {
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
		ssize_t n;
		int pr;

		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
		pr = poll(&pfd, 1, r->timeout_ms);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (pr == 0)
			return -ETIMEDOUT;
		n = read(r->fd, r->buf + r->len, r->scan_bytes * CHUNK_SCANS - r->len);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ENODATA;
		r->len += (size_t)n;
	}
	*scan = r->buf + r->pos;
	r->pos += r->scan_bytes;
	return 0;
}

static unsigned int msb(const uint8_t *scan, long off, int big_endian)
{
	return big_endian ? scan[off] : scan[off + 1];
}

int main(int argc, char **argv)
{
	long nscans = -1, scan_bytes = -1, offx = 0, offy = 2, offz = 4;
	long ts_off = -1, fresh_min = -1, fresh_max = -1;
	double odr = 0, tolerance = 2.0;
	int timeout_ms = 10000, big_endian = 0, fd = 0, opt, ret;
	const char *path = NULL;
	unsigned long lost = 0, repeated = 0, reordered = 0, ts_bad = 0;
	unsigned long int_bad = 0, stale = 0, lead_lost = 0;
	unsigned int prev_n = 0, first_n = 0;
	long first_gap = -1, first_int_bad = -1, int_n = 0;
	double r_min = 0, r_max = 0;
	char *colon;
	int64_t prev_ts = 0, first_ts = 0;
	struct reader rd = { 0 };
	const uint8_t *scan = NULL;
	long i;
	int ok;

	while ((opt = getopt(argc, argv, "n:b:f:x:y:z:t:Er:p:T:F:")) != -1) {
		switch (opt) {
		case 'n': nscans = parse_long(optarg, "scan count"); break;
		case 'b': scan_bytes = parse_long(optarg, "scan size"); break;
		case 'f': path = optarg; break;
		case 'x': offx = parse_long(optarg, "x offset"); break;
		case 'y': offy = parse_long(optarg, "y offset"); break;
		case 'z': offz = parse_long(optarg, "z offset"); break;
		case 't': ts_off = parse_long(optarg, "timestamp offset"); break;
		case 'E': big_endian = 1; break;
		case 'r': odr = strtod(optarg, NULL); break;
		case 'p': tolerance = strtod(optarg, NULL); break;
		case 'T': timeout_ms = (int)parse_long(optarg, "timeout") * 1000; break;
		case 'F':
			colon = strchr(optarg, ':');
			if (colon) {
				fresh_max = parse_long(colon + 1, "-F maximum");
				*colon = '\0';
			}
			fresh_min = parse_long(optarg, "-F minimum");
			break;
		default:
			fprintf(stderr, "usage: see the header of scancheck.c\n");
			return 2;
		}
	}
	if (nscans < 2 || scan_bytes < 6 ||
	    offx + 2 > scan_bytes || offy + 2 > scan_bytes ||
	    offz + 2 > scan_bytes || ts_off + 8 > scan_bytes) {
		fprintf(stderr, "scancheck: need -n >= 2 and offsets inside -b\n");
		return 2;
	}
	if (path) {
		fd = open(path, O_RDONLY | O_NONBLOCK);
		if (fd < 0) {
			fprintf(stderr, "scancheck: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	rd.fd = fd;
	rd.timeout_ms = timeout_ms;
	rd.scan_bytes = (size_t)scan_bytes;
	rd.buf = malloc(rd.scan_bytes * CHUNK_SCANS);
	if (!rd.buf)
		return 1;

	for (i = 0; i < nscans; i++) {
		unsigned int n;
		int64_t ts = 0;

		ret = next_scan(&rd, &scan);
		if (ret) {
			fprintf(stderr, "scancheck: read failed after %ld scans: %s\n",
				i, strerror(-ret));
			break;
		}
		n = msb(scan, offx, big_endian) |
		    msb(scan, offy, big_endian) << 8 |
		    msb(scan, offz, big_endian) << 16;
		if (ts_off >= 0)
			memcpy(&ts, scan + ts_off, sizeof(ts));
		if (i == 0) {
			first_n = n;
			first_ts = ts;
			if (fresh_min >= 0 &&
			    seq_diff(n, (unsigned int)fresh_min) < 0)
				stale = -seq_diff(n, (unsigned int)fresh_min);
			if (fresh_max >= 0 &&
			    seq_diff(n, (unsigned int)fresh_max) > 0) {
				lead_lost = seq_diff(n, (unsigned int)fresh_max);
				lost += lead_lost;
			}
		} else {
			unsigned int d = (n - prev_n) & (SEQ_MOD - 1);

			if (d != 1 && first_gap < 0)
				first_gap = i;
			if (d == 0)
				repeated++;
			else if (d >= SEQ_MOD / 2)
				reordered++;
			else
				lost += d - 1;
			if (ts_off >= 0 && ts <= prev_ts)
				ts_bad++;
			if (ts_off >= 0 && odr > 0 && d != 0 &&
			    d < SEQ_MOD / 2) {
				/* the interval in periods less the k missing */
				double r = (double)(ts - prev_ts) * odr / 1e9 -
					   (double)(d - 1);

				if (!int_n || r < r_min)
					r_min = r;
				if (!int_n || r > r_max)
					r_max = r;
				int_n++;
				if (r <= INTERVAL_R_MIN || r > INTERVAL_R_MAX) {
					int_bad++;
					if (first_int_bad < 0)
						first_int_bad = i;
				}
			}
		}
		prev_n = n;
		prev_ts = ts;
	}

	ok = i == nscans && !lost && !repeated && !reordered && !ts_bad &&
	     !int_bad && !stale;
	printf("scans=%ld first=%u last=%u lost=%lu repeated=%lu reordered=%lu",
	       i, first_n, prev_n, lost, repeated, reordered);
	if (ts_off >= 0 && i > 1) {
		double mean = (double)(prev_ts - first_ts) / (double)(i - 1);

		printf(" ts_not_increasing=%lu ts_mean_ns=%.0f", ts_bad, mean);
		if (odr > 0) {
			double dev = 100.0 * (mean * odr / 1e9 - 1.0);

			printf(" ts_dev_pct=%.3f", dev);
			if (dev > tolerance || dev < -tolerance)
				ok = 0;
			printf(" ts_int_bad=%lu ts_int_r_min=%.3f ts_int_r_max=%.3f",
			       int_bad, r_min, r_max);
		}
	}
	if (fresh_min >= 0)
		printf(" stale=%lu", stale);
	if (fresh_max >= 0)
		printf(" lead_lost=%lu", lead_lost);
	/* Last, so that scenarios matching the fields above still match. */
	if (first_int_bad >= 0)
		printf(" first_int_bad_at_scan=%ld", first_int_bad);
	if (first_gap >= 0)
		printf(" first_gap_at_scan=%ld", first_gap);
	printf("\n");
	free(rd.buf);
	return ok ? 0 : 1;
}
