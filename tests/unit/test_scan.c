// SPDX-License-Identifier: GPL-2.0
/* Scan element type strings, layout (alignment, padding) and decoding. */
#include "unit.h"

#include "rawfile.h"
#include "scan.h"

static void t_parse_valid(void **state)
{
	struct scan_type t;

	(void)state;
	assert_int_equal(scan_type_parse("le:s12/16>>4", &t), 0);
	assert_false(t.be);
	assert_true(t.is_signed);
	assert_int_equal(t.bits, 12);
	assert_int_equal(t.storagebits, 16);
	assert_int_equal(t.shift, 4);
	assert_int_equal(t.repeat, 1);

	assert_int_equal(scan_type_parse("be:u10/16>>0", &t), 0);
	assert_true(t.be);
	assert_false(t.is_signed);
	assert_int_equal(t.bits, 10);
	assert_int_equal(t.shift, 0);

	assert_int_equal(scan_type_parse("le:S16/32X2>>0", &t), 0);
	assert_true(t.is_signed);
	assert_int_equal(t.repeat, 2);
	assert_int_equal(t.storagebits, 32);

	assert_int_equal(scan_type_parse("le:U64/64>>0\n", &t), 0);
	assert_false(t.is_signed);
	assert_int_equal(t.bits, 64);
	assert_int_equal(scan_type_parse("be:s8/8>>0", &t), 0);
	assert_int_equal(scan_type_parse("le:s1/8>>7", &t), 0);
}

static void t_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"", "le", "le:", "le:s", "le:s12", "le:s12/", "le:s12/16",
		"le:s12/16>", "le:s12/16>>", "me:s12/16>>4", "le:x12/16>>4",
		"le:s17/16>>0", "le:s12/16>>5", "le:s12/24>>0", "le:s0/16>>0",
		"le:s12/16X0>>0", "le:s12/16X>>0", "le:s12/16>>4 ", "le:s12/16>>4x",
		" le:s12/16>>4", "le:s12/16>>4\n\n", "le:s0012/16>>4",
		"le:s12/16>>-1", "LE:s12/16>>4", "le:s12/16X33>>0",
		"le:s99999999999999999999/16>>0",
	};
	struct scan_type t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (scan_type_parse(bad[i], &t) == 0)
			fail_msg("accepted bad type string '%s'", bad[i]);
	}
	/* a NUL-terminated prefix is parsed as what it is */
	assert_int_equal(scan_type_parse("le:s12/16>>4\0junk", &t), 0);
	assert_int_equal(scan_type_parse(NULL, &t), -1);
}

static void t_format_roundtrip(void **state)
{
	static const char *const good[] = {
		"le:s12/16>>4", "be:u10/16>>0", "le:s16/32X2>>0", "le:s64/64>>0",
	};
	struct scan_type t;
	char buf[SCAN_TYPE_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(scan_type_parse(good[i], &t), 0);
		assert_int_equal(scan_type_format(&t, buf, sizeof(buf)), 0);
		assert_string_equal(buf, good[i]);
	}
	assert_int_equal(scan_type_format(&t, buf, 4), -1);
}

static void add(struct scan_layout *l, const char *id, int index,
		const char *type, bool ts)
{
	struct scan_chan *c = &l->ch[l->nch++];

	strcpy(c->id, id);
	c->index = index;
	c->scale = 1;
	c->is_timestamp = ts;
	assert_int_equal(scan_type_parse(type, &c->type), 0);
}

static void t_layout_lis3dh(void **state)
{
	struct scan_layout l = { 0 };
	char err[128];

	(void)state;
	/* given out of order: the layout sorts by index */
	add(&l, "timestamp", 3, "le:s64/64>>0", true);
	add(&l, "accel_z", 2, "le:s12/16>>4", false);
	add(&l, "accel_x", 0, "le:s12/16>>4", false);
	add(&l, "accel_y", 1, "le:s12/16>>4", false);
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), 0);
	assert_int_equal(l.bytes, 16);
	assert_string_equal(l.ch[0].id, "accel_x");
	assert_int_equal(l.ch[0].byte_offset, 0);
	assert_int_equal(l.ch[1].byte_offset, 2);
	assert_int_equal(l.ch[2].byte_offset, 4);
	assert_int_equal(l.ch[3].byte_offset, 8);	/* 6 -> aligned to 8 */
	assert_int_equal(l.ts_chan, 3);
	assert_int_equal(l.nvalues, 3);
	assert_string_equal(l.val[0].key, "x");
	assert_string_equal(l.val[1].key, "y");
	assert_string_equal(l.val[2].key, "z");
}

static void t_layout_padding(void **state)
{
	struct scan_layout l = { 0 };
	char err[128];

	(void)state;
	/* u8, then s32 aligned to 4, then u16: record padded to 4 */
	add(&l, "voltage0", 0, "le:u8/8>>0", false);
	add(&l, "voltage1", 1, "be:s24/32>>8", false);
	add(&l, "voltage2", 2, "le:u16/16>>0", false);
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), 0);
	assert_int_equal(l.ch[0].byte_offset, 0);
	assert_int_equal(l.ch[1].byte_offset, 4);
	assert_int_equal(l.ch[2].byte_offset, 8);
	assert_int_equal(l.bytes, 12);
	assert_int_equal(l.ts_chan, -1);
	/* mixed types: no common prefix stripped */
	assert_string_equal(l.val[0].key, "voltage0");
}

static void t_layout_repeat(void **state)
{
	struct scan_layout l = { 0 };
	char err[128];

	(void)state;
	add(&l, "intensity_x", 0, "le:u8/8>>0", false);
	add(&l, "rot_quaternion", 1, "le:s16/16X4>>0", false);	/* 8 bytes */
	add(&l, "timestamp", 2, "le:s64/64>>0", true);
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), 0);
	assert_int_equal(l.ch[1].byte_offset, 8);	/* aligned to its 8 bytes */
	assert_int_equal(l.ch[2].byte_offset, 16);
	assert_int_equal(l.bytes, 24);
	assert_int_equal(l.nvalues, 5);
	assert_string_equal(l.val[1].key, "rot_quaternion_0");
	assert_string_equal(l.val[4].key, "rot_quaternion_3");
}

static void t_layout_errors(void **state)
{
	struct scan_layout l = { 0 };
	char err[128];

	(void)state;
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no channels"));

	add(&l, "accel_x", 0, "le:s12/16>>4", false);
	add(&l, "accel_y", 0, "le:s12/16>>4", false);
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "share index"));

	memset(&l, 0, sizeof(l));
	add(&l, "timestamp", 0, "le:s64/64>>0", true);
	add(&l, "timestamp2", 1, "le:s64/64>>0", true);
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "timestamp"));

	memset(&l, 0, sizeof(l));
	add(&l, "a_x", 0, "le:s64/64X32>>0", false);
	add(&l, "a_y", 1, "le:s64/64>>0", false);
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), -1);
}

static void t_extract(void **state)
{
	struct scan_type t;
	uint8_t b[8];

	(void)state;
	scan_type_parse("le:s12/16>>4", &t);
	b[0] = 0xf0; b[1] = 0xff;		/* 0xfff0 >> 4 = 0xfff = -1 */
	assert_int_equal(scan_extract(&t, b, 0), -1);
	b[0] = 0xf0; b[1] = 0x7f;		/* 0x7ff = 2047 */
	assert_int_equal(scan_extract(&t, b, 0), 2047);
	b[0] = 0x00; b[1] = 0x80;		/* 0x800 = -2048 */
	assert_int_equal(scan_extract(&t, b, 0), -2048);
	b[0] = 0x0f; b[1] = 0x10;		/* low nibble shifted out */
	assert_int_equal(scan_extract(&t, b, 0), 0x100);

	scan_type_parse("be:u10/16>>0", &t);
	b[0] = 0xff; b[1] = 0xff;		/* upper bits masked */
	assert_int_equal(scan_extract(&t, b, 0), 1023);
	b[0] = 0x01; b[1] = 0x02;
	assert_int_equal(scan_extract(&t, b, 0), 0x102);

	scan_type_parse("be:s10/16>>6", &t);
	b[0] = 0x80; b[1] = 0x00;		/* 0x8000 >> 6 = 0x200: -512 */
	assert_int_equal(scan_extract(&t, b, 0), -512);

	scan_type_parse("le:s8/8>>0", &t);
	b[0] = 0x80;
	assert_int_equal(scan_extract(&t, b, 0), -128);

	scan_type_parse("le:s16/16X2>>0", &t);
	b[0] = 0x01; b[1] = 0x00; b[2] = 0xfe; b[3] = 0xff;
	assert_int_equal(scan_extract(&t, b, 0), 1);
	assert_int_equal(scan_extract(&t, b, 1), -2);

	scan_type_parse("le:s64/64>>0", &t);
	memset(b, 0xff, 8);
	assert_int_equal(scan_extract(&t, b, 0), -1);
	scan_type_parse("be:u32/32>>0", &t);
	b[0] = 0x12; b[1] = 0x34; b[2] = 0x56; b[3] = 0x78;
	assert_int_equal(scan_extract(&t, b, 0), 0x12345678);
}

static void t_decode(void **state)
{
	struct scan_layout l = { 0 };
	uint8_t rec[16] = { 0x10, 0x00, 0xf0, 0xff, 0x00, 0x80, 0, 0,
			    0x15, 0xcd, 0x5b, 0x07, 0, 0, 0, 0 };
	struct sample s;
	char err[64];

	(void)state;
	add(&l, "accel_x", 0, "le:s12/16>>4", false);
	add(&l, "accel_y", 1, "le:s12/16>>4", false);
	add(&l, "accel_z", 2, "le:s12/16>>4", false);
	add(&l, "timestamp", 3, "le:s64/64>>0", true);
	l.ch[0].scale = 0.5;
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), 0);
	scan_decode(&l, rec, 42, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.raw[0], 1);
	assert_int_equal(s.raw[1], -1);
	assert_int_equal(s.raw[2], -2048);
	assert_int_equal(s.t, 123456789);
	assert_true(scan_value_scaled(&l, 0, s.raw[0]) == 0.5);

	/* without a timestamp channel: arrival time */
	l.nch = 3;
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), 0);
	assert_int_equal(l.bytes, 6);
	scan_decode(&l, rec, 42, &s);
	assert_int_equal(s.t, 42);
}

static void t_rawfile_header(void **state)
{
	struct scan_layout l = { 0 }, r;
	struct sbuf b = { 0 };
	char dev[64], err[128];
	double rate;
	FILE *f;

	(void)state;
	add(&l, "accel_x", 0, "le:s12/16>>4", false);
	add(&l, "timestamp", 1, "le:s64/64>>0", true);
	l.ch[0].scale = 0.009576;
	assert_int_equal(scan_layout_compute(&l, err, sizeof(err)), 0);
	assert_int_equal(rawfile_header(&b, "lis3dh", 1344, &l), 0);
	f = fmemopen(b.p, b.len, "r");
	assert_non_null(f);
	assert_int_equal(rawfile_read_header(f, dev, sizeof(dev), &rate, &r, err, sizeof(err)), 0);
	fclose(f);
	assert_string_equal(dev, "lis3dh");
	assert_true(rate == 1344);
	assert_int_equal(r.bytes, 16);
	assert_true(r.ch[0].scale == 0.009576);
	assert_int_equal(r.ts_chan, 1);

	/* truncated header */
	f = fmemopen(b.p, b.len - 4, "r");
	assert_int_equal(rawfile_read_header(f, dev, sizeof(dev), &rate, &r, err, sizeof(err)), -1);
	fclose(f);
	/* wrong magic */
	b.p[0] = 'X';
	f = fmemopen(b.p, b.len, "r");
	assert_int_equal(rawfile_read_header(f, dev, sizeof(dev), &rate, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not an iiofwd capture"));
	fclose(f);
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_parse_valid),
		cmocka_unit_test(t_parse_invalid),
		cmocka_unit_test(t_format_roundtrip),
		cmocka_unit_test(t_layout_lis3dh),
		cmocka_unit_test(t_layout_padding),
		cmocka_unit_test(t_layout_repeat),
		cmocka_unit_test(t_layout_errors),
		cmocka_unit_test(t_extract),
		cmocka_unit_test(t_decode),
		cmocka_unit_test(t_rawfile_header),
	};

	return cmocka_run_group_tests_name("scan", tests, NULL, NULL);
}
