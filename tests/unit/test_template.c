// SPDX-License-Identifier: GPL-2.0
/*
 * Templates ({dev}, {label}, {host}, {channel}), tags, and the URL and
 * config keys that take them: valid, malformed, empty and overlong input.
 */
#include "unit.h"

#include "config.h"
#include "fmt.h"
#include "template.h"
#include "url.h"

static const struct tpl_vars vars = {
	.dev = "lis3dh", .label = "left-wheel", .host = "pi4", .channel = "x",
};

static const char *expand(const char *s)
{
	static char out[256];
	char err[160] = "";

	if (tpl_check(s, TPL_ALL, err, sizeof(err)) < 0)
		fail_msg("'%s' rejected: %s", s, err);
	assert_int_equal(tpl_expand(s, &vars, out, sizeof(out)), 0);
	return out;
}

static const char *rejected(const char *s, unsigned int allowed)
{
	static char err[160];

	err[0] = '\0';
	assert_int_equal(tpl_check(s, allowed, err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
	return err;
}

static void t_expand(void **state)
{
	struct tpl_vars nolabel = vars;
	char out[16];

	(void)state;
	assert_string_equal(expand(""), "");
	assert_string_equal(expand("plain/text"), "plain/text");
	assert_string_equal(expand("site/{dev}/accel"), "site/lis3dh/accel");
	assert_string_equal(expand("{host}/{label}/{dev}/{channel}"),
			    "pi4/left-wheel/lis3dh/x");
	assert_string_equal(expand("{dev}{dev}"), "lis3dhlis3dh");
	assert_string_equal(expand("{{dev}}"), "{dev}");
	assert_string_equal(expand("a{{b}}c"), "a{b}c");
	assert_string_equal(expand("{{{dev}}}"), "{lis3dh}");
	assert_int_equal(tpl_check("{dev}/{host}", TPL_ALL, NULL, 0), TPL_DEV | TPL_HOST);
	assert_int_equal(tpl_check("{channel}", TPL_ALL, NULL, 0), TPL_CHANNEL);
	assert_int_equal(tpl_check("none", TPL_ALL, NULL, 0), 0);
	/* no label: the device's name */
	nolabel.label = "";
	assert_int_equal(tpl_expand("{label}", &nolabel, out, sizeof(out)), 0);
	assert_string_equal(out, "lis3dh");
	/* does not fit: -1, never overflows */
	assert_int_equal(tpl_expand("{label}{label}", &vars, out, sizeof(out)), -1);
	assert_int_equal(tpl_expand("0123456789abcdef", &vars, out, sizeof(out)), -1);
	assert_int_equal(tpl_expand("0123456789abcde", &vars, out, sizeof(out)), 0);
	assert_int_equal(tpl_expand("x", &vars, out, 0), -1);
	/* an unchecked bad template is refused by expand as well */
	assert_int_equal(tpl_expand("{nope}", &vars, out, sizeof(out)), -1);
	assert_int_equal(tpl_expand("a}b", &vars, out, sizeof(out)), -1);
	assert_int_equal(tpl_expand("a{b", &vars, out, sizeof(out)), -1);
}

static void t_errors(void **state)
{
	(void)state;
	assert_non_null(strstr(rejected("{devs}", TPL_ALL), "unknown placeholder {devs}"));
	assert_non_null(strstr(rejected("{}", TPL_ALL), "unknown placeholder {}"));
	assert_non_null(strstr(rejected("{DEV}", TPL_ALL), "unknown placeholder {DEV}"));
	assert_non_null(strstr(rejected("a/{dev", TPL_ALL), "unbalanced '{' at offset 2"));
	assert_non_null(strstr(rejected("a/{de{v}", TPL_ALL), "unbalanced '{'"));
	assert_non_null(strstr(rejected("dev}", TPL_ALL), "unbalanced '}' at offset 3"));
	assert_non_null(strstr(rejected("{", TPL_ALL), "unbalanced '{'"));
	assert_non_null(strstr(rejected("}", TPL_ALL), "unbalanced '}'"));
	assert_non_null(strstr(rejected("{channel}", TPL_DEV | TPL_LABEL | TPL_HOST),
			       "{channel} cannot be used here"));
	/* an overlong unknown name is cut in the message */
	assert_true(strlen(rejected("{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}",
				    TPL_ALL)) < 120);
}

static void t_tags(void **state)
{
	struct tag t;
	char err[256];

	(void)state;
	assert_int_equal(tag_parse("site=plant 1", &t, err, sizeof(err)), 0);
	assert_string_equal(t.key, "site");
	assert_string_equal(t.val, "plant 1");
	assert_int_equal(tag_parse("a=b=c", &t, err, sizeof(err)), 0);
	assert_string_equal(t.val, "b=c");
	assert_int_equal(tag_parse("h={host}", &t, err, sizeof(err)), 0);
	assert_int_equal(tag_parse("", &t, err, sizeof(err)), -1);
	assert_int_equal(tag_parse("novalue", &t, err, sizeof(err)), -1);
	assert_int_equal(tag_parse("=v", &t, err, sizeof(err)), -1);
	assert_int_equal(tag_parse("k=", &t, err, sizeof(err)), -1);
	assert_int_equal(tag_parse("dev=x", &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "reserved"));
	assert_int_equal(tag_parse("k=a\nb", &t, err, sizeof(err)), -1);
	assert_int_equal(tag_parse("k={channel}", &t, err, sizeof(err)), -1);
	assert_int_equal(tag_parse("k={x}", &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown placeholder {x}"));
	{
		char big[400];

		memset(big, 'k', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		big[10] = '=';
		assert_int_equal(tag_parse(big, &t, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "too long"));
		big[10] = 'k';
		big[200] = '=';
		assert_int_equal(tag_parse(big, &t, err, sizeof(err)), -1);
	}
}

static void t_urls(void **state)
{
	struct out_url u;
	char err[512];

	(void)state;
	assert_int_equal(url_parse("mqtt://b/site/{host}?topic={label}/{dev}/data&"
				   "status-topic=st/{dev}&tag=room=a&tag=h={host}&"
				   "format=influx&measurement=m_{channel}", &u, err, sizeof(err)), 0);
	assert_string_equal(u.prefix, "site/{host}");
	assert_string_equal(u.topic, "{label}/{dev}/data");
	assert_string_equal(u.status_topic, "st/{dev}");
	assert_string_equal(u.measurement, "m_{channel}");
	assert_int_equal(u.ntags, 2);
	assert_string_equal(u.tags[1].key, "h");
	/* defaults unchanged: prefix/<dev>/accel is built from an empty topic */
	assert_int_equal(url_parse("mqtt://b/site", &u, err, sizeof(err)), 0);
	assert_string_equal(u.topic, "");
	assert_string_equal(u.measurement, "accel");
	assert_int_equal(url_parse("influx+udp://h:1?measurement={dev}_{channel}&tag=a=b",
				   &u, err, sizeof(err)), 0);
	assert_int_equal(u.ntags, 1);

	assert_int_equal(url_parse("mqtt://b/site?topic=a/{chan}", &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown placeholder {chan}"));
	/* {channel} in the data topic: one message per channel; not elsewhere */
	assert_int_equal(url_parse("mqtt://b/site?topic=a/{channel}", &u, err, sizeof(err)), 0);
	assert_int_equal(url_parse("mqtt://b/site?status-topic=a/{channel}", &u, err,
				   sizeof(err)), -1);
	assert_int_equal(url_parse("mqtt://b/s{channel}", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("mqtt://b/site?topic=a/%2B", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("mqtt://b/site?topic=", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("mqtt://b/si{te", &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unbalanced '{'"));
	assert_int_equal(url_parse("influx+tcp://h:1?measurement=a}", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("influx+tcp://h:1?tag=a=1&tag=a=2", &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "given twice"));
	assert_int_equal(url_parse("influx+tcp://h:1?tag=a=1&tag=b=1&tag=c=1&tag=d=1&tag=e=1&"
				   "tag=f=1&tag=g=1&tag=h=1&tag=i=1", &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too many tags"));
	assert_int_equal(url_parse("influx+tcp://h:1?topic=x", &u, err, sizeof(err)), -1);
}

static void t_config(void **state)
{
	static struct fwd_config c;
	char err[CFG_ERR_LEN];

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_load_string(&c, "tag = site=a\ntag = h={host}\n", "f",
					    err, sizeof(err)), 0);
	assert_int_equal(c.ntags, 2);
	/* the command line replaces the file's tags */
	assert_int_equal(config_set(&c, "tag", "x=y", true, err, sizeof(err)), 0);
	assert_int_equal(c.ntags, 1);
	assert_string_equal(c.tags[0].key, "x");
	config_defaults(&c);
	assert_int_equal(config_load_string(&c, "tag = site={sight}\n", "f",
					    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "f:1:"));
	assert_non_null(strstr(err, "unknown placeholder {sight}"));
}

static void t_fmt(void **state)
{
	struct scan_layout l = { 0 };
	struct sample s = { .seq = 7, .t = 1000, .n = 2, .raw = { 16, -1 } };
	char *series[2] = { (char *)"a_x,dev=d", (char *)"a_y,dev=d" };
	struct sbuf b = { 0 };
	char err[64];

	(void)state;
	l.nch = 2;
	strcpy(l.ch[0].id, "accel_x");
	strcpy(l.ch[1].id, "accel_y");
	l.ch[0].index = 0;
	l.ch[1].index = 1;
	l.ch[0].scale = l.ch[1].scale = 0.5;
	scan_type_parse("le:s12/16>>4", &l.ch[0].type);
	scan_type_parse("le:s12/16>>4", &l.ch[1].type);
	l.ts_chan = -1;
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), 0);
	assert_int_equal(fmt_lp_channels(&b, series, &l, &s), 0);
	assert_string_equal(b.p, "a_x,dev=d seq=7i,value=8,raw=16i 1000\n"
				 "a_y,dev=d seq=7i,value=-0.5,raw=-1i 1000");
	sbuf_reset(&b);
	assert_int_equal(fmt_lp_series(&b, "m,dev=d,site=a", &l, &s), 0);
	assert_string_equal(b.p, "m,dev=d,site=a seq=7i,x=8,y=-0.5,x_raw=16i,y_raw=-1i 1000");
	sbuf_reset(&b);
	assert_int_equal(fmt_json_sample_tags(&b, "d", ",\"tags\":{\"site\":\"a\"}", &l, &s), 0);
	assert_string_equal(b.p, "{\"dev\":\"d\",\"tags\":{\"site\":\"a\"},\"seq\":7,\"t\":1000,"
				 "\"x\":8,\"y\":-0.5,\"raw\":[16,-1]}");
	sbuf_reset(&b);
	assert_int_equal(fmt_json_value(&b, "d", NULL, &l, &s, 1), 0);
	assert_string_equal(b.p, "{\"dev\":\"d\",\"seq\":7,\"t\":1000,\"channel\":\"y\","
				 "\"value\":-0.5,\"raw\":-1}");
	sbuf_reset(&b);
	assert_int_equal(fmt_lp_value(&b, "m,dev=d", false, &l, &s, 0), 0);
	assert_string_equal(b.p, "m,dev=d seq=7i,x=8,x_raw=16i 1000");
	sbuf_reset(&b);
	assert_int_equal(fmt_lp_value(&b, "m_y,dev=d", true, &l, &s, 1), 0);
	assert_string_equal(b.p, "m_y,dev=d seq=7i,value=-0.5,raw=-1i 1000");
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_expand),
		cmocka_unit_test(t_errors),
		cmocka_unit_test(t_tags),
		cmocka_unit_test(t_urls),
		cmocka_unit_test(t_config),
		cmocka_unit_test(t_fmt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
