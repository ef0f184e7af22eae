// SPDX-License-Identifier: GPL-2.0
/* The HTTP response parser of influx+http: whole, partial, malformed. */
#include "unit.h"

#include "http.h"

static int parse(const char *s, bool eof, struct http_response *r)
{
	return http_parse_response(s, strlen(s), eof, r);
}

static void t_whole(void **state)
{
	struct http_response r;
	const char *err = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
			  "Content-Length: 13\r\n\r\n{\"code\":\"x\"}\n";

	(void)state;
	assert_int_equal(parse("HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n", false, &r), 1);
	assert_int_equal(r.status, 204);
	assert_true(r.keep);
	assert_int_equal(r.hdr_len, 36);
	assert_int_equal(parse(err, false, &r), 1);
	assert_int_equal(r.status, 401);
	assert_int_equal(r.body_len, 13);
	assert_true(r.keep);
	/* case-insensitive names, blanks around values */
	assert_int_equal(parse("HTTP/1.1 400 Bad\r\ncontent-LENGTH:  2 \r\n\r\nab", false, &r), 1);
	assert_int_equal(r.body_len, 2);
	assert_int_equal(parse("HTTP/1.1 204 x\r\nConnection: close\r\n\r\n", false, &r), 1);
	assert_false(r.keep);
	assert_int_equal(parse("HTTP/1.0 204 x\r\n\r\n", false, &r), 1);
	assert_false(r.keep);
	assert_int_equal(parse("HTTP/1.1 429 Too Many\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n",
			       false, &r), 1);
	assert_int_equal(r.retry_after, 7);
	/* an HTTP date is not taken */
	assert_int_equal(parse("HTTP/1.1 503 x\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n"
			       "Content-Length: 0\r\n\r\n", false, &r), 1);
	assert_int_equal(r.retry_after, 0);
	/* chunked: complete at the last chunk */
	assert_int_equal(parse("HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
			       false, &r), 0);
	assert_int_equal(parse("HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
			       false, &r), 1);
	/* no length: up to the end of the connection */
	assert_int_equal(parse("HTTP/1.1 500 x\r\n\r\nbody", false, &r), 0);
	assert_int_equal(parse("HTTP/1.1 500 x\r\n\r\nbody", true, &r), 1);
	assert_false(r.keep);
}

static void t_partial(void **state)
{
	struct http_response r;

	(void)state;
	assert_int_equal(parse("", false, &r), 0);
	assert_int_equal(parse("HTTP/1.1 204", false, &r), 0);
	assert_int_equal(parse("HTTP/1.1 204 No Content\r\n", false, &r), 0);
	assert_int_equal(parse("HTTP/1.1 400 x\r\nContent-Length: 5\r\n\r\nab", false, &r), 0);
	/* cut off by the end of the connection */
	assert_int_equal(parse("", true, &r), -1);
	assert_int_equal(parse("HTTP/1.1 204", true, &r), -1);
	assert_int_equal(parse("HTTP/1.1 400 x\r\nContent-Length: 5\r\n\r\nab", true, &r), -1);
}

static void t_malformed(void **state)
{
	static const char *const bad[] = {
		"HTTP/2 204 x\r\n\r\n", "HTTP/1.1 20 x\r\n\r\n", "HTTP/1.1 2044 x\r\n\r\n",
		"HTTP/1.1 abc x\r\n\r\n", "http/1.1 204 x\r\n\r\n", "HTTP/1.1 600 x\r\n\r\n",
		"HTTP/1.1 100 Continue\r\n\r\n", "\r\n\r\n", "HTTP/1.1 204x\r\n\r\n",
		"HTTP/1.1 400 x\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 400 x\r\nContent-Length: 99999999999999999999\r\n\r\n",
		"HTTP/1.1 400 x\r\nContent-Length: 1x\r\n\r\n",
		"HTTP/1.1 400 x\r\nContent-Length:\r\n\r\n",
	};
	struct http_response r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse(bad[i], false, &r) != -1)
			fail_msg("accepted: %s", bad[i]);
}

static void t_overlong(void **state)
{
	struct http_response r;
	size_t n = HTTP_MAX_RESPONSE + 100;
	char *big = malloc(n + 1);

	(void)state;
	assert_non_null(big);
	memset(big, 'a', n);
	big[n] = '\0';
	memcpy(big, "HTTP/1.1 400 x\r\nX: ", 19);
	assert_int_equal(http_parse_response(big, n, false, &r), -1);
	memcpy(big, "HTTP/1.1 500 x\r\n\r\n", 18);
	assert_int_equal(http_parse_response(big, n, false, &r), 1);	/* no length */
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_whole),
		cmocka_unit_test(t_partial),
		cmocka_unit_test(t_malformed),
		cmocka_unit_test(t_overlong),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
