// SPDX-License-Identifier: GPL-2.0
/* ${VAR} expansion, password files and systemd credentials. */
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "config.h"
#include "secret.h"
#include "url.h"

static char err[256];

static const char *fake_env(const char *name, void *ctx)
{
	(void)ctx;
	if (!strcmp(name, "PW"))
		return "s3cr$t";
	if (!strcmp(name, "EMPTY"))
		return "";
	if (!strcmp(name, "_x9"))
		return "nine";
	return NULL;
}

static int expand(const char *in, char *out, size_t size)
{
	err[0] = '\0';
	return secret_expand(in, out, size, fake_env, NULL, err, sizeof(err));
}

static void t_expand(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(expand("", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(expand("plain", out, sizeof(out)), 0);
	assert_string_equal(out, "plain");
	assert_int_equal(expand("mqtt://u:${PW}@h/p", out, sizeof(out)), 0);
	assert_string_equal(out, "mqtt://u:s3cr$t@h/p");	/* values are not expanded again */
	assert_int_equal(expand("${PW}${EMPTY}${_x9}", out, sizeof(out)), 0);
	assert_string_equal(out, "s3cr$tnine");
	assert_int_equal(expand("$$ $${PW} $$${PW} $x $ $", out, sizeof(out)), 0);
	assert_string_equal(out, "$ ${PW} $s3cr$t $x $ $");
	assert_int_equal(expand("a$", out, sizeof(out)), 0);
	assert_string_equal(out, "a$");
	assert_int_equal(expand("123456789", out, 10), 0);
	assert_string_equal(out, "123456789");
}

static void t_expand_bad(void **state)
{
	static const char *const bad[] = {
		"${UNSET}", "${}", "${9x}", "${PW", "${PW x}", "${P-W}", "${", "x${ PW}",
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!expand(bad[i], out, sizeof(out)))
			fail_msg("accepted '%s'", bad[i]);
		assert_true(err[0]);
	}
	assert_int_equal(expand("${UNSET}", out, sizeof(out)), -1);
	assert_non_null(strstr(err, "UNSET is not set"));
	/* overlong: the result, and the variable name */
	assert_int_equal(expand("1234567890", out, 10), -1);
	assert_int_equal(expand("12345${PW}", out, 10), -1);
	assert_int_equal(expand("${AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA}",
				out, sizeof(out)), -1);
	assert_non_null(strstr(err, "too long"));
}

static int parse(const char *data, size_t len, char *out, size_t size)
{
	err[0] = '\0';
	return secret_parse(data, len, out, size, err, sizeof(err));
}

static void t_parse(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(parse("pw", 2, out, sizeof(out)), 0);
	assert_string_equal(out, "pw");
	assert_int_equal(parse("pw\n", 3, out, sizeof(out)), 0);
	assert_string_equal(out, "pw");
	assert_int_equal(parse("p w\r\n", 5, out, sizeof(out)), 0);
	assert_string_equal(out, "p w");
	assert_int_equal(parse("1234567\n", 8, out, sizeof(out)), 0);
	assert_int_equal(parse("12345678", 8, out, sizeof(out)), -1);	/* overlong */
	assert_int_equal(parse("", 0, out, sizeof(out)), -1);		/* empty */
	assert_int_equal(parse("\n", 1, out, sizeof(out)), -1);
	assert_int_equal(parse("a\nb", 3, out, sizeof(out)), -1);	/* two lines */
	assert_int_equal(parse("a\n\n", 3, out, sizeof(out)), -1);
	assert_int_equal(parse("a\rb", 3, out, sizeof(out)), -1);
	assert_int_equal(parse("a\0b", 3, out, sizeof(out)), -1);	/* NUL */
}

static void t_files(void **state)
{
	char dir[] = "/tmp/iiofwd-secret.XXXXXX", path[64], out[256];
	struct fwd_config c;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/mq", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("from-file\n", f);
	fclose(f);
	chmod(path, 0600);
	assert_int_equal(secret_read(path, out, sizeof(out), err, sizeof(err)), 0);
	assert_string_equal(out, "from-file");
	assert_int_equal(secret_read(dir, out, sizeof(out), err, sizeof(err)), -1);
	assert_int_equal(secret_read("/nonexistent/x", out, sizeof(out), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/x"));

	assert_int_equal(secret_cred_path("mq", dir, out, sizeof(out), err, sizeof(err)), 0);
	assert_string_equal(out, path);
	assert_int_equal(secret_cred_path("mq", NULL, out, sizeof(out), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "LoadCredential=mq"));
	assert_int_equal(secret_cred_path("../mq", dir, out, sizeof(out), err, sizeof(err)), -1);
	assert_int_equal(secret_cred_path("..", dir, out, sizeof(out), err, sizeof(err)), -1);
	assert_int_equal(secret_cred_path("", dir, out, sizeof(out), err, sizeof(err)), -1);
	assert_int_equal(secret_cred_path("mq", dir, out, 4, err, sizeof(err)), -1);

	/* through the URL and the config */
	config_defaults(&c);
	snprintf(out, sizeof(out), "mqtt://u@h/p?password-credential=mq");
	assert_int_equal(config_set(&c, "output", out, false, err, sizeof(err)), 0);
	snprintf(out, sizeof(out), "mqtt://v@h/q?password-file=%s", path);
	assert_int_equal(config_set(&c, "output", out, false, err, sizeof(err)), 0);
	assert_int_equal(config_set(&c, "output", "mqtt://w:inline@h/r", false, err, sizeof(err)), 0);
	assert_false(c.out[0].has_pass);
	assert_int_equal(config_load_secrets(&c, NULL, err, sizeof(err)), -1);
	assert_null(strstr(err, "inline"));
	assert_int_equal(config_load_secrets(&c, dir, err, sizeof(err)), 0);
	assert_true(c.out[0].has_pass);
	assert_string_equal(c.out[0].pass, "from-file");
	assert_true(c.out[1].has_pass);
	assert_string_equal(c.out[1].pass, "from-file");
	assert_string_equal(c.out[2].pass, "inline");
	unlink(path);
	rmdir(dir);
}

static void t_url(void **state)
{
	static const char *const bad[] = {
		"mqtt://h/p?password-file=/x",				/* no user */
		"mqtt://u:p@h/p?password-file=/x",			/* two passwords */
		"mqtt://u@h/p?password-file=/x&password-credential=c",
		"mqtt://u@h/p?password-file=",
		"mqtt://u@h/p?password-credential=",
		"mqtt://u@h/p?password-credential=a/b",
		"mqtt://u@h/p?password-credential=..",
		"influx+tcp://h:1?password-file=/x",
	};
	struct out_url u;
	size_t i;

	(void)state;
	assert_int_equal(url_parse("mqtts://u@h/p?password-file=/etc/iiofwd/pw%20x", &u,
				   err, sizeof(err)), 0);
	assert_string_equal(u.pass_file, "/etc/iiofwd/pw x");
	assert_false(u.has_pass);
	assert_int_equal(url_parse("mqtt://u@h/p?password-credential=mqtt-pw", &u,
				   err, sizeof(err)), 0);
	assert_string_equal(u.pass_cred, "mqtt-pw");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!url_parse(bad[i], &u, err, sizeof(err)))
			fail_msg("accepted '%s'", bad[i]);
	/* messages about a URL do not quote its password */
	assert_int_equal(url_parse("mqtt://u:t0psecret@h/p?qos=7", &u, err, sizeof(err)), -1);
	assert_null(strstr(err, "t0psecret"));
	assert_non_null(strstr(err, "mqtt://u:***@h/p?qos=7"));
	assert_int_equal(url_parse("influx+tcp://u:t0psecret@h:1", &u, err, sizeof(err)), -1);
	assert_null(strstr(err, "t0psecret"));
	assert_int_equal(url_parse("mqtt://u:t0p@secret@h:99999/p", &u, err, sizeof(err)), -1);
	assert_null(strstr(err, "secret"));
}

static void t_config_env(void **state)
{
	struct fwd_config c;

	(void)state;
	setenv("IIOFWD_UNIT_PW", "p@ss", 1);
	unsetenv("IIOFWD_UNIT_UNSET");
	config_defaults(&c);
	assert_int_equal(config_load_string(&c, "output = mqtt://u:${IIOFWD_UNIT_PW}@h/p\n"
					    "device = $$dev\n", "t.conf", err, sizeof(err)), 0);
	assert_string_equal(c.out[0].pass, "p@ss");
	assert_string_equal(c.device, "$dev");
	config_defaults(&c);
	assert_int_equal(config_load_string(&c, "rate = 100\ndevice = ${IIOFWD_UNIT_UNSET}\n",
					    "t.conf", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "t.conf:2"));
	assert_non_null(strstr(err, "IIOFWD_UNIT_UNSET is not set"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_expand),
		cmocka_unit_test(t_expand_bad),
		cmocka_unit_test(t_parse),
		cmocka_unit_test(t_files),
		cmocka_unit_test(t_url),
		cmocka_unit_test(t_config_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
