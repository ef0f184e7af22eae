// SPDX-License-Identifier: GPL-2.0
/* Output URL parsing: valid, invalid, empty and overlong input. */
#include "unit.h"

#include "url.h"

static struct out_url ok(const char *s)
{
	struct out_url u;
	char err[256] = "";

	if (url_parse(s, &u, err, sizeof(err)))
		fail_msg("rejected '%s': %s", s, err);
	return u;
}

static void t_files(void **state)
{
	struct out_url u;

	(void)state;
	u = ok("jsonl:-");
	assert_int_equal(u.kind, OUT_JSONL);
	assert_string_equal(u.path, "-");
	u = ok("jsonl:/tmp/a b.jsonl");
	assert_string_equal(u.path, "/tmp/a b.jsonl");
	u = ok("raw:cap.raw");
	assert_int_equal(u.kind, OUT_RAW);
	assert_string_equal(u.path, "cap.raw");
}

static void t_mqtt(void **state)
{
	struct out_url u;
	char disp[256];

	(void)state;
	u = ok("mqtt://broker/sensors");
	assert_int_equal(u.kind, OUT_MQTT);
	assert_string_equal(u.host, "broker");
	assert_int_equal(u.port, 1883);
	assert_string_equal(u.prefix, "sensors");
	assert_int_equal(u.qos, 1);	/* at-least-once by default */
	assert_int_equal(u.format, FMT_JSON);
	assert_int_equal(ok("mqtt://broker/sensors?qos=0").qos, 0);
	assert_false(u.tls);
	assert_false(u.has_user);

	u = ok("mqtt://us%40er:p%3Ass:w@10.0.0.1:1884/site/a/?qos=1&format=influx&keepalive=60&id=node-1&batch=50");
	assert_true(u.has_user);
	assert_string_equal(u.user, "us@er");
	assert_true(u.has_pass);
	assert_string_equal(u.pass, "p:ss:w");
	assert_string_equal(u.host, "10.0.0.1");
	assert_int_equal(u.port, 1884);
	assert_string_equal(u.prefix, "site/a");
	assert_int_equal(u.qos, 1);
	assert_int_equal(u.format, FMT_INFLUX);
	assert_int_equal(u.keepalive, 60);
	assert_string_equal(u.client_id, "node-1");
	assert_int_equal(u.batch, 50);
	url_display(&u, disp, sizeof(disp));
	assert_null(strstr(disp, "p:ss"));		/* no password in logs */
	assert_string_equal(disp, "mqtt://us@er@10.0.0.1:1884/site/a");

	u = ok("mqtt://user@[::1]:1885/p");
	assert_string_equal(u.host, "::1");
	assert_int_equal(u.port, 1885);
	assert_false(u.has_pass);

	u = ok("mqtts://h/p?ca=/etc/ca.pem&cert=/c.pem&key=/k.pem&insecure=1");
	assert_true(u.tls);
	assert_int_equal(u.port, 8883);
	assert_string_equal(u.ca, "/etc/ca.pem");
	assert_string_equal(u.cert, "/c.pem");
	assert_string_equal(u.key, "/k.pem");
	assert_true(u.insecure);
	u = ok("mqtt://h/p?ca=/ca.pem");
	assert_true(u.tls);
}

static void t_influx(void **state)
{
	struct out_url u;

	(void)state;
	u = ok("influx+tcp://db.local:8094");
	assert_int_equal(u.kind, OUT_INFLUX_TCP);
	assert_string_equal(u.host, "db.local");
	assert_int_equal(u.port, 8094);
	assert_string_equal(u.measurement, "accel");
	u = ok("influx+udp://127.0.0.1:8089?measurement=vib");
	assert_int_equal(u.kind, OUT_INFLUX_UDP);
	assert_string_equal(u.measurement, "vib");
	u = ok("influx+tcp://h:1/");
	assert_int_equal(u.port, 1);
}

static void t_mqtt5(void **state)
{
	struct out_url u;
	char err[512];

	(void)state;
	u = ok("mqtt://h/p");
	assert_int_equal(u.proto, 4);
	u = ok("mqtt5://h/p");
	assert_int_equal(u.proto, 5);
	assert_int_equal(u.port, 1883);
	assert_int_equal(u.qos, 1);
	u = ok("mqtts5://h/p?message-expiry=60");
	assert_true(u.tls);
	assert_int_equal(u.port, 8883);
	assert_int_equal(u.message_expiry, 60);
	u = ok("mqtt://h/p?proto=5&message-expiry=4294967295");
	assert_int_equal(u.proto, 5);
	assert_int_equal(u.message_expiry, 4294967295u);
	u = ok("mqtt://h/p?proto=311");
	assert_int_equal(u.proto, 4);
	assert_int_equal(url_parse("mqtt://h/p?message-expiry=5", &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "needs MQTT 5"));
	assert_int_equal(url_parse("mqtt://h/p?proto=3", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("mqtt5://h/p?message-expiry=0", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("mqtt5://h/p?message-expiry=4294967296", &u, err,
				   sizeof(err)), -1);
	assert_int_equal(url_parse("mqtt5://h", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("influx+tcp://h:1?proto=5", &u, err, sizeof(err)), -1);
}

static void t_influx_http(void **state)
{
	struct out_url u;
	char err[512], disp[URL_MAX_LEN];

	(void)state;
	u = ok("influx+http://db.local/?org=my%20org&bucket=b1&token-file=/etc/t");
	assert_int_equal(u.kind, OUT_INFLUX_HTTP);
	assert_int_equal(u.port, 8086);
	assert_string_equal(u.org, "my org");
	assert_string_equal(u.bucket, "b1");
	assert_string_equal(u.pass_file, "/etc/t");
	assert_string_equal(u.measurement, "accel");
	url_display(&u, disp, sizeof(disp));
	assert_string_equal(disp, "influx+http://db.local:8086?org=my org&bucket=b1");
	u = ok("influx+http://[::1]:9999?bucket=b&token-credential=tok&batch=5000&measurement=m_{channel}");
	assert_int_equal(u.port, 9999);
	assert_string_equal(u.pass_cred, "tok");
	assert_int_equal(u.batch, 5000);
	u = ok("influx+http://h?bucket=b&token=abc");
	assert_string_equal(u.token, "abc");
	assert_true(u.has_pass);
	/* errors */
	assert_int_equal(url_parse("influx+http://h/?org=o", &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "missing bucket="));
	assert_int_equal(url_parse("influx+http://h/?bucket=b&token=x&token-file=/f", &u, err,
				   sizeof(err)), -1);
	assert_non_null(strstr(err, "one token only"));
	assert_int_equal(url_parse("influx+http://h/?bucket=b&token-file=/f&token-credential=c",
				   &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("influx+http://h/?bucket=b&token-credential=a/b", &u, err,
				   sizeof(err)), -1);
	assert_int_equal(url_parse("influx+http://u:p@h/?bucket=b", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("influx+http://h/x?bucket=b", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("influx+http://h/?bucket=b&token=a%0Ab", &u, err, sizeof(err)), -1);
	assert_int_equal(url_parse("influx+http://h/?bucket=b&password-file=/f", &u, err,
				   sizeof(err)), -1);
	assert_int_equal(url_parse("influx+https://h/?bucket=b", &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not supported"));
	/* a token in a rejected URL is not shown */
	assert_int_equal(url_parse("influx+http://h/?token=SECRET&bucket=b&bogus=1", &u, err,
				   sizeof(err)), -1);
	assert_null(strstr(err, "SECRET"));
	assert_non_null(strstr(err, "token=***&bucket=b"));
	assert_int_equal(url_parse("influx+http://h/?bucket=b&token=SECRET", &u, err,
				   sizeof(err)), 0);
	assert_int_equal(url_parse("influx+http://h/?bucket=&token=SECRET", &u, err,
				   sizeof(err)), -1);
	assert_null(strstr(err, "SECRET"));
	/* mqtt keeps its password keys */
	assert_int_equal(url_parse("mqtt://u@h/p?token-file=/f", &u, err, sizeof(err)), -1);
}

static void t_invalid(void **state)
{
	static const char *const bad[] = {
		"", "jsonl", "jsonl:", "raw:", "raw:-", "http://x/y", "mqtt:/h/p",
		"mqtt://", "mqtt://h", "mqtt://h/", "mqtt://h//", "mqtt://:1883/p",
		"mqtt://h:0/p", "mqtt://h:65536/p", "mqtt://h:x/p", "mqtt://h:/p",
		"mqtt://h/p?qos=2", "mqtt://h/p?qos=", "mqtt://h/p?qos", "mqtt://h/p?format=xml",
		"mqtt://h/p?bogus=1", "mqtt://h/a/#", "mqtt://h/a/+/b", "mqtt://%zz@h/p",
		"mqtt://u%4@h/p", "mqtt://u%00@h/p", "mqtt://:pw@h/p", "mqtt://h h/p",
		"mqtt://::1/p", "mqtt://[::1/p", "mqtt://[::1]x/p", "mqtt://h/p?cert=/c",
		"mqtt://h/p?keepalive=1", "mqtt://h/p?batch=0", "mqtt://h/p?id=",
		"mqtt://h/p?insecure=maybe", "mqtt://h/p?ca=", "influx+tcp://h",
		"influx+tcp://h:8094/db", "influx+udp://u:p@h:1", "influx+tcp://h:8094?qos=1",
		"influx+xyz://h:1", "influx+tcp://h:8094?measurement=",
	};
	struct out_url u;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (!url_parse(bad[i], &u, err, sizeof(err)))
			fail_msg("accepted bad URL '%s'", bad[i]);
		if (!err[0])
			fail_msg("no message for '%s'", bad[i]);
	}
	assert_int_equal(url_parse(NULL, &u, err, sizeof(err)), -1);
	/* messages name the URL */
	url_parse("mqtt://h/p?qos=7", &u, err, sizeof(err));
	assert_non_null(strstr(err, "mqtt://h/p?qos=7"));
	assert_non_null(strstr(err, "qos"));
}

static void t_overlong(void **state)
{
	char big[4096], err[256];
	struct out_url u;

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "mqtt://", 7);
	assert_int_equal(url_parse(big, &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too long"));

	/* long host within the URL limit */
	snprintf(big, sizeof(big), "mqtt://%0300d/p", 0);
	assert_int_equal(url_parse(big, &u, err, sizeof(err)), -1);
	/* long prefix, user, password, path */
	snprintf(big, sizeof(big), "mqtt://h/%0200d", 0);
	assert_int_equal(url_parse(big, &u, err, sizeof(err)), -1);
	snprintf(big, sizeof(big), "mqtt://%0200d@h/p", 0);
	assert_int_equal(url_parse(big, &u, err, sizeof(err)), -1);
	snprintf(big, sizeof(big), "mqtt://u:%0200d@h/p", 0);
	assert_int_equal(url_parse(big, &u, err, sizeof(err)), -1);
	snprintf(big, sizeof(big), "jsonl:/%0600d", 0);
	assert_int_equal(url_parse(big, &u, err, sizeof(err)), -1);
	/* a tiny error buffer is not overrun */
	assert_int_equal(url_parse("bogus", &u, err, 8), -1);
	assert_int_equal(strlen(err), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_files),
		cmocka_unit_test(t_mqtt),
		cmocka_unit_test(t_influx),
		cmocka_unit_test(t_influx_http),
		cmocka_unit_test(t_mqtt5),
		cmocka_unit_test(t_invalid),
		cmocka_unit_test(t_overlong),
	};

	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
