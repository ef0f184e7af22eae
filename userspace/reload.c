// SPDX-License-Identifier: GPL-2.0
/*
 * SIGHUP: read the configuration again (the -c file, then the command line
 * as given at start) and apply its outputs, tags and verbosity without a
 * restart. Each output of the new configuration is matched to a running
 * one by its URL as displayed (kind, host, port, prefix or path):
 *
 *  - the same URL and the same tags: kept as it is (file outputs are
 *    reopened, for logrotate), nothing resent;
 *  - the same display name but other parameters (qos, format, topic,
 *    measurement, tags, password...): changed: the new output takes over
 *    the old one's queue position, so what the old one had not delivered
 *    (acknowledged) is sent by the new one (at least once: what was in
 *    flight may arrive twice), and the spool, kept in the same directory,
 *    is replayed by it;
 *  - no longer configured: removed: a file output first writes what it
 *    holds (everything read up to the reload); a network output's
 *    undelivered (unacknowledged) queue contents go to its spool (left on
 *    disk for a later configuration with the same URL) or, without one,
 *    are dropped, counted and logged;
 *  - new: added, starting with the next sample read.
 *
 * A configuration that does not parse, or a new output that cannot start,
 * changes nothing (a changed output falls back to its old URL). Other
 * options (device, rate, queue, spool, metrics...) need a restart: a change
 * to them is logged and ignored.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "log.h"
#include "output.h"
#include "reload.h"

/* Options a reload does not apply, compared as a whole. */
static bool others_differ(const struct fwd_config *a, const struct fwd_config *b)
{
	static struct fwd_config x, y;

	x = *a;
	y = *b;
	x.nout = y.nout = 0;
	memset(x.out, 0, sizeof(x.out));
	memset(y.out, 0, sizeof(y.out));
	x.ntags = y.ntags = 0;
	memset(x.tags, 0, sizeof(x.tags));
	memset(y.tags, 0, sizeof(y.tags));
	x.verbose = y.verbose = 0;
	return memcmp(&x, &y, sizeof(x)) != 0;
}

/*
 * A new output for u, taking over the queue position tail (or starting at
 * the queue's head when tail is UINT64_MAX). NULL with err set.
 */
static struct output *start_output(struct app *a, const struct out_url *u,
				   uint64_t tail, char *err, size_t errlen)
{
	struct output *o = output_new(a, u, err, errlen);

	if (!o)
		return NULL;
	if (tail != UINT64_MAX) {
		o->cons.tail = tail;
		o->next = tail;
	}
	if (o->ops->start(o, err, errlen)) {
		output_remove(o);
		return NULL;
	}
	return o;
}

int app_reload(struct app *a)
{
	static struct fwd_config nc;
	struct fwd_config *cfg = a->cfg;
	struct output *out[CFG_MAX_OUTPUTS];
	struct out_url oldurl[CFG_MAX_OUTPUTS];
	uint64_t tail[CFG_MAX_OUTPUTS];
	int from[CFG_MAX_OUTPUTS];	/* new output i: old index, -1 = added */
	bool taken[CFG_MAX_OUTPUTS] = { false };
	unsigned int i, j, nout = a->nout, kept = 0, changed = 0, added = 0,
		     removed = 0, failed = 0;
	char err[CFG_ERR_LEN];
	bool tags_changed;

	config_defaults(&nc);
	if (config_parse_args(&nc, a->argc, a->argv, err, sizeof(err)) != CFG_OK) {
		log_err("SIGHUP: %s; the configuration is not reloaded", err);
		for (i = 0; i < a->nout; i++)
			if (a->out[i]->ops->reopen)
				a->out[i]->ops->reopen(a->out[i]);
		return -1;
	}
	if (others_differ(cfg, &nc))
		log_warn("SIGHUP: options other than output, tag and verbose changed: "
			 "they need a restart and are left as they were");
	cfg->verbose = nc.verbose;
	log_level = L_WARN + cfg->verbose;
	tags_changed = cfg->ntags != nc.ntags ||
		       memcmp(cfg->tags, nc.tags, sizeof(nc.tags[0]) * nc.ntags);

	/* match by displayed URL */
	for (i = 0; i < nc.nout; i++) {
		char name[URL_MAX_LEN];

		from[i] = -1;
		url_display(&nc.out[i], name, sizeof(name));
		for (j = 0; j < nout; j++) {
			if (!taken[j] && !strcmp(a->out[j]->name, name)) {
				from[i] = (int)j;
				taken[j] = true;
				break;
			}
		}
	}

	/* removed, and the old halves of changed outputs, go first */
	for (j = 0; j < nout; j++) {
		struct output *o = a->out[j];

		oldurl[j] = o->url;
		tail[j] = o->cons.tail;
		if (taken[j])
			continue;
		/* a file output writes what it holds; a network one sends it, unacknowledged */
		if (!o->dead)
			o->ops->pump(o);
		output_final_spill(o);
		if (o->lost_at_exit || output_dropped(o))
			log_warn("%s: removed by SIGHUP; %" PRIu64 " samples it had not "
				 "delivered are dropped", o->name, output_dropped(o));
		else
			log_info("%s: removed by SIGHUP", o->name);
		a->removed_dropped += output_dropped(o);
		o->ops->shutdown(o);
		output_remove(o);
		a->out[j] = NULL;
		removed++;
	}
	for (i = 0; i < nc.nout; i++) {
		struct output *o;

		if (from[i] < 0)
			continue;
		o = a->out[from[i]];
		if (!tags_changed && !memcmp(&o->url, &nc.out[i], sizeof(o->url)))
			continue;
		/* changed: undelivered samples are sent again by the new one */
		output_rewind(o);
		tail[from[i]] = o->cons.tail;
		o->ops->shutdown(o);
		output_remove(o);
		a->out[from[i]] = NULL;
	}

	/* the new tags apply to outputs created from here on */
	cfg->ntags = nc.ntags;
	memcpy(cfg->tags, nc.tags, sizeof(nc.tags));

	for (i = 0; i < nc.nout; i++) {
		struct output *o;

		if (from[i] >= 0 && a->out[from[i]]) {
			o = a->out[from[i]];	/* kept */
			if (o->ops->reopen)
				o->ops->reopen(o);
			out[i] = o;
			kept++;
			continue;
		}
		o = start_output(a, &nc.out[i], from[i] >= 0 ? tail[from[i]] : UINT64_MAX,
				 err, sizeof(err));
		if (o) {
			log_info("%s: %s by SIGHUP", o->name, from[i] >= 0 ? "changed" : "added");
			out[i] = o;
			from[i] >= 0 ? changed++ : added++;
			continue;
		}
		log_err("SIGHUP: %s", err);
		failed++;
		out[i] = NULL;
		if (from[i] < 0)
			continue;
		/* keep the output as it was rather than lose its samples */
		o = start_output(a, &oldurl[from[i]], tail[from[i]], err, sizeof(err));
		if (!o) {
			log_err("SIGHUP: cannot restore it either: %s", err);
			continue;
		}
		log_warn("%s: kept with its previous settings", o->name);
		out[i] = o;
	}
	a->nout = 0;
	for (i = 0; i < nc.nout; i++)
		if (out[i])
			a->out[a->nout++] = out[i];
	cfg->nout = 0;
	for (i = 0; i < a->nout; i++)
		cfg->out[cfg->nout++] = a->out[i]->url;
	log_info("SIGHUP: configuration reloaded: %u outputs kept, %u changed, %u added, "
		 "%u removed%s", kept, changed, added, removed,
		 failed ? " (some failed to start: see above)" : "");
	return failed ? -1 : 0;
}
