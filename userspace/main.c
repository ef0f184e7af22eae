// SPDX-License-Identifier: GPL-2.0
/*
 * iiofwd: forward the samples of a buffered IIO device upstream.
 *
 * main() reads linearly: parse, open the source, the queue and the outputs,
 * run the event loop, drain, clean up. One epoll loop owns every
 * descriptor: the IIO buffer (or the replay timer), the MQTT and InfluxDB
 * sockets, the metrics daemon, a signalfd and a periodic timerfd.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <mosquitto.h>

#include "app.h"
#include "config.h"
#include "log.h"
#include "metrics.h"
#include "output.h"
#include "reload.h"
#include "source.h"
#include "util.h"

#define TICK_MS			50
#define REOPEN_MS		1000
#define TERM_DRAIN_NS		(1200ull * 1000000ull)
#define SHUTDOWN_NS		(300ull * 1000000ull)

struct runtime {
	struct app a;
	int sigfd;
	int tickfd;
	bool term;
	int term_signals;
	uint64_t deadline_ns;		/* --duration */
	uint64_t watchdog_usec;
	uint64_t watchdog_last;
	uint64_t last_attempt_ns;
	int fatal;
};

static struct runtime rt;

static void read_source(struct app *a, bool flush);

static void src_cb(struct evloop *l, int fd, uint32_t events, void *data)
{
	struct app *a = data;

	(void)fd;
	/*
	 * Readable as of this epoll_wait, unless read since (the tick of
	 * the same wait may have): then it is reported again if still so.
	 * Without EPOLLIN (an error), a read that does not wait says what.
	 */
	if (a->read_wait == ev_waits(l))
		return;
	a->wakeups++;
	read_source(a, !(events & EPOLLIN));
}

static void source_lost(struct app *a, int err)
{
	log_warn("device %s: %s; waiting for it to come back", a->src->dev,
		 err == -ENODEV ? "gone" : strerror(-err));
	if (a->src->fd >= 0)
		ev_del(a->ev, a->src->fd);
	a->src->ops->close(a->src);
	a->src_open = false;
	a->source_errors++;
	a->src_retry_ns = now_mono_ns() + REOPEN_MS * 1000000ull;
}

static void check_gap(struct app *a, const uint8_t *rec)
{
	const struct scan_layout *l = &a->src->layout;
	double period;
	int64_t ts, dt;

	if (l->ts_chan < 0 || a->src->rate <= 0)
		return;
	ts = scan_extract(&l->ch[l->ts_chan].type, rec + l->ch[l->ts_chan].byte_offset, 0);
	if (a->ts_rebase) {
		/*
		 * First sample after a reopen: the stamps jump by the time the
		 * device was away (unbound, unplugged, powered down), when it
		 * made no samples; that is a re-appearance (counted as a
		 * reopen), not a gap. Gaps are counted from here on.
		 */
		a->ts_rebase = false;
		if (a->have_last_ts)
			log_info("device %s: stamps resume %.3f s after the last before "
				 "it went away (not counted as a gap)", a->src->dev,
				 (double)(ts - a->last_ts) / 1e9);
	} else if (a->have_last_ts) {
		period = 1e9 / a->src->rate;
		dt = ts - a->last_ts;
		if ((double)dt > 1.5 * period) {
			uint64_t missing = (uint64_t)llround((double)dt / period) - 1;

			a->gaps++;
			a->gap_samples += missing ? missing : 1;
			log_info("gap of %.3f ms (~%" PRIu64 " samples) in %s",
				 (double)dt / 1e6, missing, a->src->dev);
		}
	}
	a->last_ts = ts;
	a->have_last_ts = true;
}

/*
 * Read the source: flush when not woken by its fd (see source.h). A
 * source whose one read takes all there is is read once.
 */
static void read_source(struct app *a, bool flush)
{
	const struct fwd_config *cfg = a->cfg;
	size_t bytes = a->src->layout.bytes;
	int rounds, max_rounds = a->src->drains ? 1 : 16;

	a->read_wait = ev_waits(a->ev);
	for (rounds = 0; rounds < max_rounds && a->src_open && !a->src_done; rounds++) {
		size_t max = SIZE_MAX, i;
		const uint8_t *data;
		int64_t arrival, first;
		double period;
		int n;

		if (a->src->backpressure) {
			max = queue_space(&a->q);
			if (!max) {
				/* nothing read, but its fd (a timer) drained: no busy loop */
				a->src->ops->read(a->src, 0, flush, &data);
				return;
			}
		}
		if (cfg->count && cfg->count - a->samples_read < max)
			max = (size_t)(cfg->count - a->samples_read);
		n = a->src->ops->read(a->src, max, flush, &data);
		rt.last_attempt_ns = now_mono_ns();
		if (n == -EAGAIN)
			return;
		if (n == SRC_EOF) {
			log_info("end of replay after %" PRIu64 " samples", a->samples_read);
			a->src_done = true;
			return;
		}
		if (n < 0) {
			source_lost(a, n);
			return;
		}
		arrival = now_real_ns();
		if (cfg->count && a->samples_read + (uint64_t)n > cfg->count)
			n = (int)(cfg->count - a->samples_read);
		stamper_batch(&a->stamps, arrival, (unsigned int)n, &first, &period);
		for (i = 0; i < (size_t)n; i++) {
			uint8_t *e = queue_reserve(&a->q);
			int64_t t = stamper_at(first, period, (unsigned int)i);

			memcpy(e, &arrival, sizeof(arrival));
			memcpy(e + 8, &t, sizeof(t));
			memcpy(e + ENTRY_HDR, data + i * bytes, bytes);
			check_gap(a, data + i * bytes);
			queue_push(&a->q);
		}
		a->samples_read += (uint64_t)n;
		a->last_sample_ns = rt.last_attempt_ns;
		if (a->stalled) {
			log_info("device %s: samples flowing again", a->src->dev);
			a->stalled = false;
		}
		if (cfg->count && a->samples_read >= cfg->count) {
			a->src_done = true;
			return;
		}
	}
}

static void pump_outputs(struct app *a)
{
	unsigned int i;

	for (i = 0; i < a->nout; i++) {
		if (a->out[i]->dead)
			output_discard(a->out[i]);
		else
			a->out[i]->ops->pump(a->out[i]);
	}
}

static unsigned int dead_outputs(const struct app *a)
{
	unsigned int i, n = 0;

	for (i = 0; i < a->nout; i++)
		n += a->out[i]->dead;
	return n;
}

static void tick_source(struct app *a, uint64_t now)
{
	const struct fwd_config *cfg = a->cfg;
	char err[CFG_ERR_LEN];
	int ret;

	if (a->src_done)
		return;
	if (!a->src_open) {
		if (now < a->src_retry_ns)
			return;
		ret = a->src->ops->open(a->src, false, err, sizeof(err));
		if (ret == -ENODEV) {
			log_debug("device not back yet: %s", err);
			a->src_retry_ns = now + REOPEN_MS * 1000000ull;
			return;
		}
		if (ret) {
			log_err("%s", err);
			rt.fatal = 1;
			return;
		}
		if (a->src->fd >= 0 && ev_add(a->ev, a->src->fd, EPOLLIN, src_cb, a)) {
			log_err("cannot watch the source");
			rt.fatal = 1;
			return;
		}
		a->src_open = true;
		a->source_reopens++;
		a->ts_rebase = true;
		a->last_sample_ns = now;
		log_warn("device %s is back (reopened)", a->src->dev);
		return;
	}
	/* latency budget: read a partial batch */
	if (now - rt.last_attempt_ns >= (uint64_t)cfg->latency_ms * 1000000ull) {
		a->budget_reads++;
		read_source(a, true);
	}
	now = now_mono_ns();	/* the read above may postdate the tick */
	if (a->src_open && a->src->rate > 0 && !a->src->backpressure &&
	    now > a->last_sample_ns) {
		unsigned int wm = cfg->watermark ? cfg->watermark : 32;
		double limit = fmax(fmax(4.0 * wm / a->src->rate, 1.0),
				    4.0 * cfg->latency_ms / 1000.0);

		if (!a->stalled && (double)(now - a->last_sample_ns) / 1e9 > limit) {
			a->stalled = true;
			a->stalls++;
			log_warn("device %s: no samples for %.1f s", a->src->dev,
				 (double)(now - a->last_sample_ns) / 1e9);
		}
	}
}

static void tick_cb(struct evloop *l, int fd, uint32_t events, void *data)
{
	struct app *a = data;
	uint64_t now = now_mono_ns();
	unsigned int i;

	(void)l;
	(void)events;
	timerfd_drain(fd);
	tick_source(a, now);
	for (i = 0; i < a->nout; i++) {
		a->out[i]->ops->tick(a->out[i], now);
		if (a->out[i]->spool)
			spool_tick(a->out[i]->spool, now);
	}
	metrics_tick(a->metrics);
	if (rt.watchdog_usec && now - rt.watchdog_last >= rt.watchdog_usec * 500ull) {
		sd_notify(0, "WATCHDOG=1");
		rt.watchdog_last = now;
	}
}

static void signal_cb(struct evloop *l, int fd, uint32_t events, void *data)
{
	struct app *a = data;
	struct signalfd_siginfo si;
	unsigned int i;

	(void)l;
	(void)events;
	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP && a->cfg->config_file[0]) {
			log_info("SIGHUP: reloading %s", a->cfg->config_file);
			app_reload(a);
			continue;
		}
		if (si.ssi_signo == SIGHUP) {
			log_info("SIGHUP: reopening file outputs");
			for (i = 0; i < a->nout; i++)
				if (a->out[i]->ops->reopen)
					a->out[i]->ops->reopen(a->out[i]);
			continue;
		}
		log_info("%s: flushing and exiting", strsignal((int)si.ssi_signo));
		rt.term = true;
		rt.term_signals++;
	}
}

static void label_escape(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			sbuf_putc(b, '\\');
		if (*s == '\n') {
			sbuf_append(b, "\\n", 2);
			continue;
		}
		sbuf_putc(b, *s);
	}
}

static void metric_head(struct sbuf *b, const char *name, const char *type,
			const char *help)
{
	sbuf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void metric_out(struct sbuf *b, const char *name, const struct output *o,
		       const char *suffix, uint64_t v)
{
	sbuf_printf(b, "%s%s{output=\"", name, suffix);
	label_escape(b, o->name);
	sbuf_printf(b, "\"} %" PRIu64 "\n", v);
}

static void render_metrics(struct app *a, struct sbuf *b)
{
	unsigned int i, k;

#define PER_OUTPUT(name, type, help, expr) do {				\
		metric_head(b, name, type, help);			\
		for (i = 0; i < a->nout; i++) {				\
			const struct output *o = a->out[i];		\
			metric_out(b, name, o, "", (uint64_t)(expr));	\
		}							\
	} while (0)

	metric_head(b, "iiofwd_samples_read_total", "counter", "Samples read from the source.");
	sbuf_printf(b, "iiofwd_samples_read_total %" PRIu64 "\n", a->samples_read);
	metric_head(b, "iiofwd_gaps_total", "counter", "Gaps seen in the sample timestamps.");
	sbuf_printf(b, "iiofwd_gaps_total %" PRIu64 "\n", a->gaps);
	metric_head(b, "iiofwd_gap_samples_total", "counter", "Samples estimated missing in those gaps.");
	sbuf_printf(b, "iiofwd_gap_samples_total %" PRIu64 "\n", a->gap_samples);
	metric_head(b, "iiofwd_stalls_total", "counter", "Times the device delivered nothing for too long.");
	sbuf_printf(b, "iiofwd_stalls_total %" PRIu64 "\n", a->stalls);
	metric_head(b, "iiofwd_source_reopens_total", "counter", "Times the device was reopened after disappearing.");
	sbuf_printf(b, "iiofwd_source_reopens_total %" PRIu64 "\n", a->source_reopens);
	metric_head(b, "iiofwd_source_up", "gauge", "Whether the device is open.");
	sbuf_printf(b, "iiofwd_source_up %d\n", a->src_open ? 1 : 0);
	metric_head(b, "iiofwd_open_fds", "gauge", "Open file descriptors of the process.");
	sbuf_printf(b, "iiofwd_open_fds %d\n", count_open_fds());
	metric_head(b, "iiofwd_queue_capacity", "gauge", "Samples the queue holds.");
	sbuf_printf(b, "iiofwd_queue_capacity %zu\n", a->q.cap);

	PER_OUTPUT("iiofwd_samples_sent_total", "counter", "Samples delivered (acknowledged) per output.", o->sent);
	PER_OUTPUT("iiofwd_samples_dropped_total", "counter", "Samples dropped per output (queue, spool bound, exit).", output_dropped(o));
	PER_OUTPUT("iiofwd_queue_depth", "gauge", "Samples queued in memory for the output.", a->q.head - o->cons.tail);
	PER_OUTPUT("iiofwd_spool_pending", "gauge", "Samples waiting in the output's spool.", o->spool ? spool_pending(o->spool) : 0);
	PER_OUTPUT("iiofwd_spool_corrupt_total", "counter", "Spooled samples lost to corrupt or truncated records (estimated).", o->spool ? spool_stats(o->spool)->corrupt : 0);
	PER_OUTPUT("iiofwd_samples_rejected_total", "counter", "Samples the server refused for good (HTTP 4xx), not sent again.", o->rejected);
	PER_OUTPUT("iiofwd_reconnects_total", "counter", "Reconnections of the output.", o->reconnects);
	PER_OUTPUT("iiofwd_output_errors_total", "counter", "Errors of the output (failed connects, writes).", o->errors);
	PER_OUTPUT("iiofwd_upstream_connected", "gauge", "Whether the output is connected.", o->connected);

	metric_head(b, "iiofwd_batch_latency_seconds", "histogram",
		    "Time from reading a batch's oldest sample to its delivery.");
	for (i = 0; i < a->nout; i++) {
		const struct output *o = a->out[i];
		uint64_t cum = 0;

		for (k = 0; k <= LAT_BUCKETS; k++) {
			cum += o->lat_count[k];
			sbuf_printf(b, "iiofwd_batch_latency_seconds_bucket{output=\"");
			label_escape(b, o->name);
			if (k < LAT_BUCKETS)
				sbuf_printf(b, "\",le=\"%g\"} %" PRIu64 "\n", lat_bounds[k], cum);
			else
				sbuf_printf(b, "\",le=\"+Inf\"} %" PRIu64 "\n", cum);
		}
		sbuf_printf(b, "iiofwd_batch_latency_seconds_sum{output=\"");
		label_escape(b, o->name);
		sbuf_printf(b, "\"} %.6f\n", o->lat_sum);
		metric_out(b, "iiofwd_batch_latency_seconds", o, "_count", o->lat_n);
	}
#undef PER_OUTPUT
}

static void print_stats(struct app *a)
{
	unsigned int i;

	fprintf(stderr, "%siiofwd: device %s: read %" PRIu64 " samples, %" PRIu64
		" gaps (~%" PRIu64 " samples missing), %" PRIu64 " stalls, %" PRIu64
		" reopens\n", log_prio(L_INFO), a->src->dev, a->samples_read, a->gaps,
		a->gap_samples, a->stalls, a->source_reopens);
	if (a->src->fd >= 0)
		fprintf(stderr, "%siiofwd: device %s: %" PRIu64 " reads (%" PRIu64
			" returned nothing), %" PRIu64 " wakeups, %" PRIu64
			" latency-budget reads\n", log_prio(L_INFO), a->src->dev,
			a->src->reads, a->src->empty_reads, a->wakeups, a->budget_reads);
	for (i = 0; i < a->nout; i++) {
		const struct output *o = a->out[i];

		fprintf(stderr, "%siiofwd: output %s: sent %" PRIu64 ", dropped %" PRIu64
			" (queue %" PRIu64 ", spool %" PRIu64 ", at exit %" PRIu64 ")"
			", spooled %" PRIu64 ", reconnects %" PRIu64 ", errors %" PRIu64
			", rejected %" PRIu64 "\n",
			log_prio(L_INFO), o->name, o->sent, output_dropped(o), o->cons.dropped,
			o->spool ? spool_stats(o->spool)->dropped : 0, o->lost_at_exit,
			o->spool ? spool_stats(o->spool)->written : 0, o->reconnects,
			o->errors, o->rejected);
	}
}

static uint64_t total_backlog(struct app *a)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < a->nout; i++)
		n += output_backlog(a->out[i]);
	return n;
}

/*
 * Samples read that an output neither delivered nor spooled (queue
 * overflow, spool bound, exit): each such output says so. Nonzero makes
 * --count, --duration and the end of a replay exit 3, so that a script
 * tells delivery from failure.
 */
static uint64_t undelivered(struct app *a)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < a->nout; i++) {
		uint64_t n = output_dropped(a->out[i]);

		if (!n)
			continue;
		log_err("%s: %" PRIu64 " of %" PRIu64 " samples read were neither "
			"delivered nor spooled", a->out[i]->name, n, a->samples_read);
		total += n;
	}
	return total;
}

static void drain(struct app *a)
{
	uint64_t limit = rt.term ? TERM_DRAIN_NS :
		(uint64_t)(a->cfg->drain_timeout * 1e9);
	uint64_t end = now_mono_ns() + limit;
	unsigned int i;
	bool closed;

	sd_notify(0, "STOPPING=1");
	/*
	 * SIGTERM or --duration: read what the source holds (the kernel
	 * buffer; a read short of the watermark also makes our driver flush
	 * the hardware FIFO) and deliver it with the rest
	 */
	if (a->src_open && !a->src_done && !rt.fatal)
		read_source(a, true);
	if (a->src_open && a->src->fd >= 0)
		ev_del(a->ev, a->src->fd);
	a->src_done = true;
	while (total_backlog(a) && now_mono_ns() < end && rt.term_signals < 2 && !rt.fatal) {
		pump_outputs(a);
		ev_run_once(a->ev, TICK_MS);
	}
	for (i = 0; i < a->nout; i++) {
		output_final_spill(a->out[i]);
		a->out[i]->ops->shutdown(a->out[i]);
	}
	end = now_mono_ns() + SHUTDOWN_NS;
	do {
		closed = true;
		for (i = 0; i < a->nout; i++)
			closed &= a->out[i]->ops->closed(a->out[i]);
		if (closed)
			break;
		ev_run_once(a->ev, 20);
	} while (now_mono_ns() < end);
}

/*
 * The first open; with --wait an absent device (or replay file) is looked
 * for again every second, signals still handled: 1 = SIGTERM/SIGINT
 * while waiting.
 */
static int open_source(struct app *a, char *err, size_t errlen)
{
	uint64_t wd_usec = 0;
	bool said = false;
	int ret;

	if (sd_watchdog_enabled(0, &wd_usec) <= 0)
		wd_usec = 0;
	for (;;) {
		ret = a->src->ops->open(a->src, true, err, errlen);
		if (!ret || !a->cfg->wait || (ret != -ENODEV && ret != -ENOENT))
			return ret;
		if (!said) {
			log_warn("%s; waiting for it (--wait)", err);
			/* ready: what systemd waits for is the service, not the device */
			sd_notifyf(0, "READY=1\nSTATUS=waiting for the device: %s", err);
			said = true;
		}
		if (wd_usec)
			sd_notify(0, "WATCHDOG=1");
		ev_run_once(a->ev, REOPEN_MS);
		if (rt.term)
			return 1;
	}
}

static int setup_signals(struct app *a)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	rt.sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (rt.sigfd < 0)
		return -errno;
	return ev_add(a->ev, rt.sigfd, EPOLLIN, signal_cb, a);
}

static int run(struct fwd_config *cfg, int argc, char **argv)
{
	struct app *a = &rt.a;
	char err[CFG_ERR_LEN];
	unsigned int i;
	int ret, status = 0;

	a->cfg = cfg;
	a->argc = argc;
	a->argv = argv;
	rt.sigfd = rt.tickfd = -1;
	a->ev = ev_new();
	if (!a->ev || setup_signals(a)) {
		log_err("cannot set up the event loop: %s", strerror(errno));
		status = 1;
		goto out;
	}

	a->src = !strncmp(cfg->uri, "replay:", 7) ? source_replay_new(cfg) :
						    source_iio_new(cfg);
	if (!a->src) {
		status = 1;
		goto out;
	}
	ret = open_source(a, err, sizeof(err));
	if (ret == 1)
		goto out;	/* SIGTERM/SIGINT while waiting: status 0 */
	if (ret) {
		log_plain(L_ERR, "%s", err);
		/* a device or file it may not open: retrying does not help */
		status = ret == -ENODEV || ret == -EINVAL || ret == -ENOENT ||
			 ret == -EACCES || ret == -EPERM ? 2 : 1;
		goto out;
	}
	a->src_open = true;
	stamper_init(&a->stamps, a->src->rate);
	if (queue_init(&a->q, cfg->queue_len,
		       ENTRY_HDR + ((a->src->layout.bytes + 7u) & ~7u))) {
		log_err("cannot allocate a queue of %u samples", cfg->queue_len);
		status = 1;
		goto out;
	}
	for (i = 0; i < cfg->nout; i++) {
		struct output *o = output_new(a, &cfg->out[i], err, sizeof(err));

		if (!o) {
			log_plain(L_ERR, "%s", err);
			status = 2;
			goto out;
		}
		a->out[a->nout++] = o;
		if (o->ops->start(o, err, sizeof(err))) {
			log_plain(L_ERR, "%s", err);
			status = 2;
			goto out;
		}
	}
	output_warn_foreign_spools(a);
	if (cfg->metrics[0] &&
	    metrics_start(&a->metrics, a, cfg->metrics, render_metrics, err, sizeof(err))) {
		log_plain(L_ERR, "%s", err);
		status = 2;
		goto out;
	}
	if (a->src->fd >= 0 && ev_add(a->ev, a->src->fd, EPOLLIN, src_cb, a)) {
		log_err("cannot watch the source");
		status = 1;
		goto out;
	}
	rt.tickfd = timerfd_open_ms(TICK_MS < cfg->latency_ms ? TICK_MS : cfg->latency_ms,
				    TICK_MS < cfg->latency_ms ? TICK_MS : cfg->latency_ms);
	if (rt.tickfd < 0 || ev_add(a->ev, rt.tickfd, EPOLLIN, tick_cb, a)) {
		log_err("cannot create the timer");
		status = 1;
		goto out;
	}
	if (sd_watchdog_enabled(0, &rt.watchdog_usec) <= 0)
		rt.watchdog_usec = 0;
	rt.watchdog_last = rt.last_attempt_ns = a->last_sample_ns = now_mono_ns();
	if (cfg->duration > 0)
		rt.deadline_ns = now_mono_ns() + (uint64_t)(cfg->duration * 1e9);
	log_info("reading %s (%u channels, %u-byte scans, %.6g Hz) to %u output(s)",
		 a->src->dev, a->src->layout.nch, a->src->layout.bytes, a->src->rate,
		 a->nout);
	sd_notifyf(0, "READY=1\nSTATUS=forwarding %s", a->src->dev);

	while (!rt.term && !rt.fatal) {
		pump_outputs(a);
		if (a->nout && dead_outputs(a) == a->nout) {
			log_err("no output left; exiting");
			break;
		}
		if (a->src_done)
			break;	/* drain below, bounded by --drain-timeout */
		if (rt.deadline_ns && now_mono_ns() >= rt.deadline_ns)
			break;
		ret = ev_run_once(a->ev, TICK_MS * 2);
		if (ret < 0) {
			log_err("epoll: %s", strerror(-ret));
			rt.fatal = 1;
		}
	}
	drain(a);
	status = rt.fatal || dead_outputs(a) ? 1 : 0;
	if (!status && undelivered(a) && !rt.term)
		status = 3;

out:
	if (cfg->stats && a->src)
		print_stats(a);
	metrics_stop(a->metrics);
	for (i = 0; i < a->nout; i++)
		output_free(a->out[i]);
	if (a->src)
		a->src->ops->destroy(a->src);
	queue_free(&a->q);
	if (rt.tickfd >= 0)
		close(rt.tickfd);
	if (rt.sigfd >= 0)
		close(rt.sigfd);
	ev_free(a->ev);
	return status;
}

int main(int argc, char **argv)
{
	static struct fwd_config cfg;
	char err[CFG_ERR_LEN];
	int ret;

	config_defaults(&cfg);
	ret = config_parse_args(&cfg, argc, argv, err, sizeof(err));
	if (ret == CFG_EXIT)
		return 0;
	if (ret != CFG_OK) {
		log_plain(L_ERR, "%s", err);
		return 2;
	}
	log_level = L_WARN + cfg.verbose;
	if (cfg.list) {
		if (source_iio_list(&cfg, stdout, err, sizeof(err))) {
			log_plain(L_ERR, "%s", err);
			return 2;
		}
		return fflush(stdout) ? 1 : 0;
	}
	mosquitto_lib_init();
	ret = run(&cfg, argc, argv);
	mosquitto_lib_cleanup();
	return ret;
}
