// SPDX-License-Identifier: GPL-2.0
/*
 * oldway: read the accelerometer as the old collector did, for the bench.
 *
 * Every period: open /dev/i2c-BUS, ioctl(I2C_SLAVE), write the sub-address
 * 0x28 with the auto-increment bit (0xa8), read the six output bytes, close.
 * With -l ("leak"), the old collector's bug: when the write or the read
 * fails with ETIMEDOUT the descriptor is not closed.
 *
 * The chip is set up once at start (CTRL_REG1: ODR and the three axes,
 * CTRL_REG4: BDU), as the collector's start-up did. The simulator's counter
 * pattern numbers the samples (X's high byte is n & 0xff): a sample that
 * was never read is lost.
 *
 * usage: oldway [-l] BUS ADDR RATE SECONDS
 * Prints one "oldway-s" line a second (t, samples seen, lost, errors,
 * syscalls so far) and one "oldway" summary line at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static unsigned long syscalls;

static int odr_code(int rate)
{
	static const int hz[] = { 0, 1, 10, 25, 50, 100, 200, 400, 1620, 1344 };
	unsigned int i;

	for (i = 1; i < sizeof(hz) / sizeof(hz[0]); i++)
		if (hz[i] == rate)
			return i;
	return -1;
}

static int reg_write(const char *path, int addr, unsigned char reg,
		     unsigned char val)
{
	unsigned char b[2] = { reg, val };
	int fd = open(path, O_RDWR);
	int ret = -1;

	if (fd < 0)
		return -1;
	if (ioctl(fd, I2C_SLAVE, addr) == 0 && write(fd, b, 2) == 2)
		ret = 0;
	close(fd);
	return ret;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long seen = 0, lost = 0, errors = 0, timeouts = 0, polls = 0;
	int leak = 0, bus, addr, rate, secs, code, prev = -1, fd;
	struct timespec next;
	double t0, next_report;
	char path[32];
	long period;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		leak = 1;
		argv++;
		argc--;
	}
	if (argc != 5) {
		fprintf(stderr, "usage: oldway [-l] BUS ADDR RATE SECONDS\n");
		return 2;
	}
	bus = atoi(argv[1]);
	addr = strtol(argv[2], NULL, 0);
	rate = atoi(argv[3]);
	secs = atoi(argv[4]);
	code = odr_code(rate);
	if (code < 0 || secs <= 0) {
		fprintf(stderr, "oldway: bad rate or duration\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/dev/i2c-%d", bus);
	if (reg_write(path, addr, 0x20, code << 4 | 0x07) ||
	    reg_write(path, addr, 0x23, 0x80)) {
		perror("oldway: chip set-up");
		return 1;
	}

	period = 1000000000L / rate;
	clock_gettime(CLOCK_MONOTONIC, &next);
	t0 = now_s();
	next_report = t0 + 1;
	for (;;) {
		unsigned char sub = 0xa8, b[6];
		int bad = 0;

		next.tv_nsec += period;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == 0 &&
		    now_s() > next.tv_sec + next.tv_nsec / 1e9 + period / 1e9)
			clock_gettime(CLOCK_MONOTONIC, &next);	/* behind: drop the missed periods */
		syscalls++;
		polls++;

		fd = open(path, O_RDWR);
		syscalls++;
		if (fd < 0) {
			errors++;
			goto report;
		}
		errno = 0;
		syscalls++;
		if (ioctl(fd, I2C_SLAVE, addr) == 0) {
			syscalls++;
			if (write(fd, &sub, 1) == 1) {
				syscalls++;
				if (read(fd, b, 6) == 6)
					goto got;
			}
		}
		bad = errno ? errno : EIO;
got:
		if (bad) {
			errors++;
			if (bad == ETIMEDOUT)
				timeouts++;
			if (leak && bad == ETIMEDOUT)
				goto report;	/* the old bug: fd left open */
		}
		close(fd);
		syscalls++;
		if (!bad) {
			int x = b[1];

			if (prev < 0) {
				seen++;
			} else if (x != prev) {
				seen++;
				lost += ((x - prev) & 0xff) - 1;
			}
			prev = x;
		}
report:
		if (now_s() >= next_report) {
			printf("oldway-s t=%.0f seen=%lu lost=%lu errors=%lu syscalls=%lu\n",
			       next_report - t0, seen, lost, errors, syscalls);
			fflush(stdout);
			next_report += 1;
			if (next_report - t0 > secs)
				break;
		}
	}
	printf("oldway polls=%lu seen=%lu lost=%lu errors=%lu timeouts=%lu syscalls=%lu\n",
	       polls, seen, lost, errors, timeouts, syscalls);
	return 0;
}
