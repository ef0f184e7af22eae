// SPDX-License-Identifier: GPL-2.0
/* Options and config file: one parser, errors naming what is wrong. */
#include <unistd.h>

#include "unit.h"

#include "config.h"

static struct fwd_config c;
static char err[CFG_ERR_LEN];

static int setup(void **state)
{
	(void)state;
	config_defaults(&c);
	err[0] = '\0';
	return 0;
}

static int set(const char *k, const char *v)
{
	err[0] = '\0';
	return config_set(&c, k, v, false, err, sizeof(err));
}

static void t_set_valid(void **state)
{
	(void)state;
	assert_int_equal(set("rate", "1344"), 0);
	assert_true(c.rate == 1344);
	assert_int_equal(set("rate", "0.5"), 0);
	assert_int_equal(set("watermark", "16"), 0);
	assert_int_equal(c.watermark, 16);
	assert_int_equal(set("device", "iio:device0"), 0);
	assert_string_equal(c.device, "iio:device0");
	assert_int_equal(set("uri", "ip:192.168.1.2"), 0);
	assert_int_equal(set("count", "1000"), 0);
	assert_int_equal(c.count, 1000);
	assert_int_equal(set("duration", "2.5"), 0);
	assert_true(c.duration == 2.5);
	assert_int_equal(set("latency", "250"), 0);
	assert_int_equal(set("queue", "1000"), 0);
	assert_int_equal(set("spool", "/var/spool/iiofwd"), 0);
	assert_int_equal(set("spool-max", "8"), 0);
	assert_int_equal(c.spool_max, 8u << 20);
	assert_int_equal(c.spool_sync, SPOOL_SYNC_SEGMENT);	/* the default */
	assert_int_equal(set("spool-sync", "always"), 0);
	assert_int_equal(c.spool_sync, SPOOL_SYNC_ALWAYS);
	assert_int_equal(set("spool-sync", "none"), 0);
	assert_int_equal(c.spool_sync, SPOOL_SYNC_NONE);
	assert_int_equal(set("spool-sync", "segment"), 0);
	assert_int_equal(c.spool_sync, SPOOL_SYNC_SEGMENT);
	assert_int_equal(set("metrics", "127.0.0.1:9100"), 0);
	assert_int_equal(set("metrics", "[::1]:9100"), 0);
	assert_int_equal(set("stats", "yes"), 0);
	assert_true(c.stats);
	assert_int_equal(set("verbose", "2"), 0);
	assert_int_equal(c.verbose, 2);
	assert_int_equal(set("output", "jsonl:-"), 0);
	assert_int_equal(set("output", "mqtt://h/p"), 0);
	assert_int_equal(c.nout, 2);
	assert_int_equal(set("channels", "accel_x,timestamp"), 0);
	assert_int_equal(set("backoff-min", "10"), 0);
	assert_int_equal(set("backoff-max", "1000"), 0);
	assert_int_equal(set("drain-timeout", "0"), 0);
	assert_int_equal(set("batch", "500"), 0);
	assert_int_equal(set("trigger", "lis3dh-dev0"), 0);
	assert_string_equal(c.trigger, "lis3dh-dev0");
	assert_int_equal(set("trigger", ""), -1);
	assert_false(c.list);
	assert_int_equal(config_set(&c, "list", "", true, err, sizeof(err)), 0);
	assert_true(c.list);
	/* --list is for the command line; --trigger needs a device */
	config_defaults(&c);
	assert_int_equal(config_load_string(&c, "list = 1\n", "t.conf", err, sizeof(err)), -1);
	assert_int_equal(config_load_string(&c, "trigger = t\nuri = replay:x.raw\n", "t.conf",
					    err, sizeof(err)), 0);
	assert_int_equal(config_validate(&c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--trigger"));
}

static void t_set_invalid(void **state)
{
	static const char *const bad[][2] = {
		{ "rate", "" }, { "rate", "fast" }, { "rate", "-1" }, { "rate", "0" },
		{ "rate", "1e99" }, { "rate", "nan" }, { "rate", "100Hz" },
		{ "watermark", "0" }, { "watermark", "-3" }, { "watermark", "1.5" },
		{ "watermark", "99999999999999999999" }, { "count", "0" }, { "count", "x" },
		{ "duration", "0" }, { "duration", "soon" }, { "latency", "0" },
		{ "queue", "1" }, { "spool-max", "0" }, { "metrics", "9100" },
		{ "spool-sync", "" }, { "spool-sync", "sometimes" }, { "spool-sync", "Always" },
		{ "metrics", ":9100" }, { "metrics", "host:" }, { "metrics", "host:99999" },
		{ "metrics", "::1:9100" }, { "stats", "maybe" }, { "verbose", "7" },
		{ "output", "ftp://x" }, { "output", "" }, { "device", "" }, { "uri", "" },
		{ "bogus", "1" }, { "batch", "0" }, { "backoff-min", "0" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!set(bad[i][0], bad[i][1]))
			fail_msg("accepted %s = '%s'", bad[i][0], bad[i][1]);
		if (!err[0])
			fail_msg("no message for %s = '%s'", bad[i][0], bad[i][1]);
	}
	set("rate", "fast");
	assert_non_null(strstr(err, "rate"));
	assert_non_null(strstr(err, "fast"));
}

static void t_overlong_values(void **state)
{
	char big[2000];

	(void)state;
	memset(big, 'd', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(set("device", big), -1);
	assert_non_null(strstr(err, "too long"));
	assert_int_equal(set("uri", big), -1);
	assert_int_equal(set("spool", big), -1);
	assert_int_equal(set("output", big), -1);
}

static void t_file_valid(void **state)
{
	(void)state;
	assert_int_equal(config_load_string(&c,
		"# comment\n"
		"; another\n"
		"\n"
		"device = lis3dh\n"
		"rate=100\n"
		"[iiofwd]\n"
		"output = jsonl:/tmp/x.jsonl\n"
		"output = mqtt://broker/sensors?qos=1\n"
		"stats = true\n",
		"test.conf", err, sizeof(err)), 0);
	assert_string_equal(c.device, "lis3dh");
	assert_true(c.rate == 100);
	assert_int_equal(c.nout, 2);
	assert_int_equal(c.out[1].qos, 1);
	assert_true(c.stats);
	assert_int_equal(config_load_string(&c, "", "empty.conf", err, sizeof(err)), 0);
}

static void t_file_invalid(void **state)
{
	static const char *const bad[] = {
		"rate = fast\n",
		"bogus = 1\n",
		"help = 1\n",
		"config = other.conf\n",
		"just words\n",
		"[other]\nrate = 1\n",
		"device =\n",
		"output = mqtt://h\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		config_defaults(&c);
		err[0] = '\0';
		if (!config_load_string(&c, bad[i], "t.conf", err, sizeof(err)))
			fail_msg("accepted config '%s'", bad[i]);
		if (!strstr(err, "t.conf:"))
			fail_msg("message '%s' does not name the file", err);
	}
	/* the line number is the bad line's */
	config_defaults(&c);
	assert_int_equal(config_load_string(&c, "rate = 1\n\n# x\nwatermark = none\n",
					    "t.conf", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "t.conf:4:"));
	assert_non_null(strstr(err, "none"));
}

static void t_file_overlong_line(void **state)
{
	char text[1024];

	(void)state;
	memset(text, 'x', sizeof(text) - 2);
	memcpy(text, "device = ", 9);
	text[sizeof(text) - 2] = '\n';
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(config_load_string(&c, text, "t.conf", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too long"));
	assert_non_null(strstr(err, "t.conf:1"));
}

static void t_args_override_file(void **state)
{
	char path[] = "/tmp/iiofwd-test-XXXXXX";
	int fd = mkstemp(path);
	const char *text = "rate = 100\nwatermark = 8\noutput = jsonl:/tmp/a\n";
	char *argv[] = { "iiofwd", "-c", path, "-r", "200", "-o", "jsonl:/tmp/b",
			 "--stats", "-v", "-v", NULL };

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	assert_int_equal(config_parse_args(&c, 10, argv, err, sizeof(err)), CFG_OK);
	unlink(path);
	assert_true(c.rate == 200);			/* command line wins */
	assert_int_equal(c.watermark, 8);		/* file value kept */
	assert_int_equal(c.nout, 1);			/* -o replaces the file's outputs */
	assert_string_equal(c.out[0].path, "/tmp/b");
	assert_true(c.stats);
	assert_int_equal(c.verbose, 2);
}

static void t_args_invalid(void **state)
{
	char *a1[] = { "iiofwd", "--rate", "x", NULL };
	char *a2[] = { "iiofwd", "--nope", NULL };
	char *a3[] = { "iiofwd", "-c", "/nonexistent/iiofwd.conf", NULL };
	char *a4[] = { "iiofwd", "extra", NULL };
	char *a5[] = { "iiofwd", "--backoff-min", "500", "--backoff-max", "100", NULL };
	char *a6[] = { "iiofwd", "-o", "jsonl:/tmp/x", "-o", "jsonl:/tmp/x", NULL };
	char *a7[] = { "iiofwd", "--rate", NULL };

	(void)state;
	assert_int_equal(config_parse_args(&c, 3, a1, err, sizeof(err)), CFG_ERROR);
	assert_non_null(strstr(err, "rate"));
	config_defaults(&c);
	assert_int_equal(config_parse_args(&c, 2, a2, err, sizeof(err)), CFG_ERROR);
	assert_non_null(strstr(err, "--nope"));
	config_defaults(&c);
	assert_int_equal(config_parse_args(&c, 3, a3, err, sizeof(err)), CFG_ERROR);
	assert_non_null(strstr(err, "/nonexistent/iiofwd.conf"));
	config_defaults(&c);
	assert_int_equal(config_parse_args(&c, 2, a4, err, sizeof(err)), CFG_ERROR);
	assert_non_null(strstr(err, "extra"));
	config_defaults(&c);
	assert_int_equal(config_parse_args(&c, 5, a5, err, sizeof(err)), CFG_ERROR);
	config_defaults(&c);
	assert_int_equal(config_parse_args(&c, 5, a6, err, sizeof(err)), CFG_ERROR);
	config_defaults(&c);
	assert_int_equal(config_parse_args(&c, 2, a7, err, sizeof(err)), CFG_ERROR);
}

static void t_defaults(void **state)
{
	char *argv[] = { "iiofwd", NULL };

	(void)state;
	assert_int_equal(config_parse_args(&c, 1, argv, err, sizeof(err)), CFG_OK);
	assert_string_equal(c.uri, "local:");
	assert_int_equal(c.nout, 1);
	assert_int_equal(c.out[0].kind, OUT_JSONL);
	assert_string_equal(c.out[0].path, "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(t_set_valid, setup),
		cmocka_unit_test_setup(t_set_invalid, setup),
		cmocka_unit_test_setup(t_overlong_values, setup),
		cmocka_unit_test_setup(t_file_valid, setup),
		cmocka_unit_test_setup(t_file_invalid, setup),
		cmocka_unit_test_setup(t_file_overlong_line, setup),
		cmocka_unit_test_setup(t_args_override_file, setup),
		cmocka_unit_test_setup(t_args_invalid, setup),
		cmocka_unit_test_setup(t_defaults, setup),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
