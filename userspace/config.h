/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One configuration struct, one parser: every long option is also a key of
 * the -c config file ("key = value" lines, '#' or ';' comments), and the
 * command line overrides the file.
 */
#ifndef IIOFWD_CONFIG_H
#define IIOFWD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spool.h"
#include "url.h"

#define CFG_MAX_OUTPUTS	8
#define CFG_MAX_TAGS	16
#define CFG_ERR_LEN	512
#define CFG_VALUE_LEN	2048		/* a config file value after ${VAR} expansion */

struct fwd_config {
	char uri[256];
	char device[128];
	char channels[512];		/* comma separated ids; empty = all */
	char trigger[128];		/* --trigger: name or id; empty = leave */
	bool list;			/* --list: print the devices and exit */
	bool wait;			/* --wait for an absent device at start */
	double rate;			/* 0 = leave the device's */
	unsigned int watermark;		/* 0 = leave the device's */
	unsigned int nout;
	struct out_url out[CFG_MAX_OUTPUTS];
	unsigned int ntags;		/* --tag: on every output's samples */
	struct tag tags[CFG_MAX_TAGS];
	bool tags_from_cmdline;
	uint64_t count;			/* 0 = unlimited */
	double duration;		/* s, 0 = unlimited */
	unsigned int latency_ms;
	unsigned int queue_len;
	char spool_dir[256];
	uint64_t spool_max;		/* bytes */
	enum spool_sync spool_sync;
	char metrics[128];		/* HOST:PORT or empty */
	int verbose;
	bool stats;
	double drain_timeout;		/* s, after --count/--duration/end */
	unsigned int backoff_min_ms;
	unsigned int backoff_max_ms;
	unsigned int batch;		/* default samples per network payload */
	char config_file[256];
	bool outputs_from_cmdline;
};

enum config_result { CFG_OK = 0, CFG_EXIT = 1, CFG_ERROR = -1 };

void config_defaults(struct fwd_config *c);

/* Apply one key (long option name without dashes). */
int config_set(struct fwd_config *c, const char *key, const char *val,
	       bool cmdline, char *err, size_t errlen);

/* Load a config file; errors name the file and line. */
int config_load_file(struct fwd_config *c, const char *path,
		     char *err, size_t errlen);

/* Parse argv (loading -c first); CFG_EXIT after --help/--version. */
int config_parse_args(struct fwd_config *c, int argc, char **argv,
		      char *err, size_t errlen);

/* Parse a config file held in memory (for tests and fuzzing). */
int config_load_string(struct fwd_config *c, const char *text,
		       const char *name, char *err, size_t errlen);

/*
 * Read the passwords of password-file= and password-credential= (in
 * credsdir, $CREDENTIALS_DIRECTORY) into the outputs' URLs.
 */
int config_load_secrets(struct fwd_config *c, const char *credsdir,
			char *err, size_t errlen);

/* Checks between options after everything is parsed. */
int config_validate(struct fwd_config *c, char *err, size_t errlen);

void config_usage(FILE *f);

#endif
