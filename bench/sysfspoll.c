// SPDX-License-Identifier: GPL-2.0
/*
 * sysfspoll: userspace polling of in_accel_{x,y,z}_raw at a rate, for the
 * bench. Keeps the three attributes open and reads each with pread() at
 * offset 0 every period (the cheapest way to poll sysfs). The simulator's
 * counter pattern numbers the samples: X holds n & 0xff in its top 8 bits
 * of BITS; a new X is a new sample, a jump of k in it is k - 1 lost.
 *
 * usage: sysfspoll DEVDIR RATE SECONDS BITS
 * A poll that finds itself behind its period polls at once and drops the
 * periods missed (late=).
 * Prints "sysfspoll polls=P seen=S lost=L late=N errors=E".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long rd(int fd)
{
	char b[32];
	ssize_t n = pread(fd, b, sizeof(b) - 1, 0);

	if (n <= 0)
		return -100000;
	b[n] = 0;
	return strtol(b, NULL, 10);
}

int main(int argc, char **argv)
{
	unsigned long polls = 0, seen = 0, lost = 0, late = 0, errors = 0;
	int fd[3], i, rate, secs, bits, prev = -1;
	struct timespec next, now;
	long period;
	struct timespec end;
	char path[512];

	if (argc != 5) {
		fprintf(stderr, "usage: sysfspoll DEVDIR RATE SECONDS BITS\n");
		return 2;
	}
	rate = atoi(argv[2]);
	secs = atoi(argv[3]);
	bits = atoi(argv[4]);
	if (rate <= 0 || secs <= 0 || bits < 8 || bits > 16)
		return 2;
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/in_accel_%c_raw", argv[1], 'x' + i);
		fd[i] = open(path, O_RDONLY);
		if (fd[i] < 0) {
			perror(path);
			return 1;
		}
	}
	period = 1000000000L / rate;
	clock_gettime(CLOCK_MONOTONIC, &next);
	end = next;
	end.tv_sec += secs;
	while (next.tv_sec < end.tv_sec ||
	       (next.tv_sec == end.tv_sec && next.tv_nsec < end.tv_nsec)) {
		long v[3];
		int x;

		next.tv_nsec += period;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > next.tv_sec ||
		    (now.tv_sec == next.tv_sec && now.tv_nsec > next.tv_nsec)) {
			/* behind: poll now, the missed periods are dropped */
			late++;
			next = now;
		} else {
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
		}
		polls++;
		for (i = 0; i < 3; i++)
			v[i] = rd(fd[i]);
		if (v[0] == -100000 || v[1] == -100000 || v[2] == -100000) {
			errors++;
			continue;
		}
		x = (int)((v[0] >> (bits - 8)) & 0xff);
		if (prev < 0) {
			seen++;
		} else if (x != prev) {
			seen++;
			lost += ((x - prev) & 0xff) - 1;
		}
		prev = x;
	}
	printf("sysfspoll polls=%lu seen=%lu lost=%lu late=%lu errors=%lu\n",
	       polls, seen, lost, late, errors);
	return 0;
}
