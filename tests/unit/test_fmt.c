// SPDX-License-Identifier: GPL-2.0
/* JSON and InfluxDB line-protocol escaping and sample formatting. */
#include <math.h>

#include "unit.h"

#include "fmt.h"
#include "scan.h"

static char *json(const char *s)
{
	static struct sbuf b;

	sbuf_reset(&b);
	assert_int_equal(fmt_json_escape(&b, s), 0);
	return b.p ? b.p : (char *)"";
}

static char *lp(const char *s, enum lp_ctx ctx)
{
	static struct sbuf b;

	sbuf_reset(&b);
	assert_int_equal(fmt_lp_escape(&b, s, ctx), 0);
	return b.p ? b.p : (char *)"";
}

static void t_json_escape(void **state)
{
	(void)state;
	assert_string_equal(json(""), "");
	assert_string_equal(json("lis3dh"), "lis3dh");
	assert_string_equal(json("a\"b"), "a\\\"b");
	assert_string_equal(json("a\\b"), "a\\\\b");
	assert_string_equal(json("\n\r\t\b\f"), "\\n\\r\\t\\b\\f");
	assert_string_equal(json("\x01\x1f\x7f"), "\\u0001\\u001f\\u007f");
	assert_string_equal(json("caf\xc3\xa9"), "caf\xc3\xa9");	/* UTF-8 kept */
	assert_string_equal(json("/"), "/");
}

static void t_lp_escape(void **state)
{
	(void)state;
	assert_string_equal(lp("accel", LP_MEASUREMENT), "accel");
	assert_string_equal(lp("my accel,x", LP_MEASUREMENT), "my\\ accel\\,x");
	assert_string_equal(lp("a=b", LP_MEASUREMENT), "a=b");	/* = allowed */
	assert_string_equal(lp("a=b c,d", LP_TAG), "a\\=b\\ c\\,d");
	assert_string_equal(lp("x y", LP_FIELD_KEY), "x\\ y");
	assert_string_equal(lp("say \"hi\" \\o/", LP_STRING), "say \\\"hi\\\" \\\\o/");
	assert_string_equal(lp("a\nb", LP_TAG), "a_b");		/* no newlines */
	assert_string_equal(lp("a\nb", LP_MEASUREMENT), "a_b");
	assert_string_equal(lp("", LP_TAG), "");
}

static struct scan_layout lis3dh(void)
{
	struct scan_layout l = { 0 };
	const char *ids[] = { "accel_x", "accel_y", "accel_z" };
	char err[64];
	int i;

	for (i = 0; i < 3; i++) {
		strcpy(l.ch[i].id, ids[i]);
		l.ch[i].index = i;
		scan_type_parse("le:s12/16>>4", &l.ch[i].type);
		l.ch[i].scale = 0.5;
	}
	strcpy(l.ch[3].id, "timestamp");
	l.ch[3].index = 3;
	l.ch[3].is_timestamp = true;
	scan_type_parse("le:s64/64>>0", &l.ch[3].type);
	l.nch = 4;
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), 0);
	return l;
}

static void t_json_sample(void **state)
{
	struct scan_layout l = lis3dh();
	struct sample s = { .seq = 41, .t = 1234567890123, .n = 3, .raw = { 1, -2, 2047 } };
	struct sbuf b = { 0 };

	(void)state;
	assert_int_equal(fmt_json_sample(&b, "lis\"3dh", &l, &s), 0);
	assert_string_equal(b.p, "{\"dev\":\"lis\\\"3dh\",\"seq\":41,\"t\":1234567890123,"
			    "\"x\":0.5,\"y\":-1,\"z\":1023.5,\"raw\":[1,-2,2047]}");
	/* non-finite values are not valid JSON numbers */
	sbuf_reset(&b);
	l.ch[0].scale = NAN;
	assert_int_equal(fmt_json_sample(&b, "d", &l, &s), 0);
	assert_non_null(strstr(b.p, "\"x\":null,"));
	sbuf_free(&b);
}

static void t_lp_sample(void **state)
{
	struct scan_layout l = lis3dh();
	struct sample s = { .seq = 7, .t = 99, .n = 3, .raw = { 1, -2, 0 } };
	struct sbuf b = { 0 };

	(void)state;
	assert_int_equal(fmt_lp_sample(&b, "accel", "lis 3dh", &l, &s), 0);
	assert_string_equal(b.p, "accel,dev=lis\\ 3dh seq=7i,x=0.5,y=-1,z=0,"
			    "x_raw=1i,y_raw=-2i,z_raw=0i 99");
	sbuf_reset(&b);
	l.ch[1].scale = INFINITY;	/* skipped, the raw field stays */
	assert_int_equal(fmt_lp_sample(&b, "m,1", "d", &l, &s), 0);
	assert_string_equal(b.p, "m\\,1,dev=d seq=7i,x=0.5,z=0,x_raw=1i,y_raw=-2i,z_raw=0i 99");
	sbuf_free(&b);
}

static void t_sbuf(void **state)
{
	struct sbuf b = { 0 };
	int i;

	(void)state;
	for (i = 0; i < 10000; i++)
		assert_int_equal(sbuf_printf(&b, "%d,", i % 10), 0);
	assert_int_equal(b.len, 20000);
	assert_int_equal(strlen(b.p), 20000);
	sbuf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_json_escape),
		cmocka_unit_test(t_lp_escape),
		cmocka_unit_test(t_json_sample),
		cmocka_unit_test(t_lp_sample),
		cmocka_unit_test(t_sbuf),
	};

	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
