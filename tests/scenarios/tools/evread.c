// SPDX-License-Identifier: GPL-2.0
/*
 * evread: read IIO events, as the kernel's tools/iio/iio_event_monitor does:
 * IIO_GET_EVENT_FD_IOCTL on the device's char device, then struct
 * iio_event_data records from the event descriptor.
 *
 * usage: evread -f /dev/iio:deviceN [-n COUNT] [-T SECONDS] [-r FILE]
 *               [-c monotonic|realtime]
 *   -n: stop after COUNT events (default 1); 0: read until the timeout
 *   -T: stop when COUNT events have not come within SECONDS (default 5)
 *   -r: create FILE once the event descriptor is open (events pushed
 *       before that are not queued for anyone): the caller waits for it
 *       before making the event happen
 *   -c: the clock of the "read" stamps, the one the device stamps events
 *       with (its current_timestamp_clock; default realtime)
 * The char device is closed again once the event descriptor is had, so a
 * capture can open it meanwhile (it is exclusive); the descriptor stays.
 *
 * Prints one line per event:
 *   event chan=accel mod=x type=mag dir=rising ts=NS read=NS
 * (ts: the event's timestamp, read: the clock when read() returned it),
 * then "events=N". Exits 0 unless a call failed; the caller checks the lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/iio/events.h>
#include <linux/iio/types.h>

static const char *const type_names[] = {
	[IIO_EV_TYPE_THRESH] = "thresh",
	[IIO_EV_TYPE_MAG] = "mag",
	[IIO_EV_TYPE_ROC] = "roc",
	[IIO_EV_TYPE_THRESH_ADAPTIVE] = "thresh_adaptive",
	[IIO_EV_TYPE_MAG_ADAPTIVE] = "mag_adaptive",
	[IIO_EV_TYPE_CHANGE] = "change",
	[IIO_EV_TYPE_MAG_REFERENCED] = "mag_referenced",
	[IIO_EV_TYPE_GESTURE] = "gesture",
};

static const char *const dir_names[] = {
	[IIO_EV_DIR_EITHER] = "either",
	[IIO_EV_DIR_RISING] = "rising",
	[IIO_EV_DIR_FALLING] = "falling",
	[IIO_EV_DIR_NONE] = "none",
	[IIO_EV_DIR_SINGLETAP] = "singletap",
	[IIO_EV_DIR_DOUBLETAP] = "doubletap",
};

static const char *name_of(const char *const *names, size_t n, unsigned int i)
{
	return i < n && names[i] ? names[i] : "?";
}

static const char *mod_name(unsigned int mod)
{
	switch (mod) {
	case IIO_NO_MOD:
		return "none";
	case IIO_MOD_X:
		return "x";
	case IIO_MOD_Y:
		return "y";
	case IIO_MOD_Z:
		return "z";
	case IIO_MOD_X_OR_Y_OR_Z:
		return "x|y|z";
	case IIO_MOD_X_AND_Y_AND_Z:
		return "x&y&z";
	default:
		return "?";
	}
}

static int64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *path = NULL, *ready = NULL;
	clockid_t clk = CLOCK_REALTIME;
	long count = 1, got = 0;
	double timeout = 5;
	int64_t deadline;
	int opt, fd, evfd;

	while ((opt = getopt(argc, argv, "f:n:T:r:c:")) != -1) {
		switch (opt) {
		case 'f':
			path = optarg;
			break;
		case 'n':
			count = strtol(optarg, NULL, 0);
			break;
		case 'T':
			timeout = strtod(optarg, NULL);
			break;
		case 'r':
			ready = optarg;
			break;
		case 'c':
			if (!strcmp(optarg, "monotonic")) {
				clk = CLOCK_MONOTONIC;
			} else if (!strcmp(optarg, "realtime")) {
				clk = CLOCK_REALTIME;
			} else {
				fprintf(stderr, "evread: -c %s: monotonic or realtime\n", optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: evread -f DEV [-n COUNT] [-T SECONDS] [-r FILE] [-c CLOCK]\n");
			return 2;
		}
	}
	if (!path || count < 0 || timeout <= 0) {
		fprintf(stderr, "evread: -f DEV needed; COUNT >= 0, SECONDS > 0\n");
		return 2;
	}

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "evread: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (ioctl(fd, IIO_GET_EVENT_FD_IOCTL, &evfd) < 0) {
		fprintf(stderr, "evread: IIO_GET_EVENT_FD_IOCTL: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	if (ready) {
		fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			fprintf(stderr, "evread: %s: %s\n", ready, strerror(errno));
			return 1;
		}
		close(fd);
	}

	deadline = now_ns(CLOCK_MONOTONIC) + (int64_t)(timeout * 1e9);
	while (count == 0 || got < count) {
		struct iio_event_data ev;
		struct pollfd pfd = { .fd = evfd, .events = POLLIN };
		int64_t left = deadline - now_ns(CLOCK_MONOTONIC);
		ssize_t n;
		int ret;

		if (left <= 0)
			break;
		ret = poll(&pfd, 1, (int)(left / 1000000) + 1);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "evread: poll: %s\n", strerror(errno));
			return 1;
		}
		if (ret == 0)
			continue;
		n = read(evfd, &ev, sizeof(ev));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "evread: read: %s\n", strerror(errno));
			return 1;
		}
		if (n != sizeof(ev)) {
			fprintf(stderr, "evread: short read of %zd bytes\n", n);
			return 1;
		}
		got++;
		printf("event chan=%s mod=%s type=%s dir=%s ts=%lld read=%lld\n",
		       IIO_EVENT_CODE_EXTRACT_CHAN_TYPE(ev.id) == IIO_ACCEL ?
		       "accel" : "other",
		       mod_name(IIO_EVENT_CODE_EXTRACT_MODIFIER(ev.id)),
		       name_of(type_names, sizeof(type_names) / sizeof(type_names[0]),
			       IIO_EVENT_CODE_EXTRACT_TYPE(ev.id)),
		       name_of(dir_names, sizeof(dir_names) / sizeof(dir_names[0]),
			       IIO_EVENT_CODE_EXTRACT_DIR(ev.id)),
		       (long long)ev.timestamp, (long long)now_ns(clk));
		fflush(stdout);
	}
	printf("events=%ld\n", got);
	close(evfd);
	return 0;
}
