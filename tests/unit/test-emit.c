/*
 * test-emit.c: the emitter renders known rows into memory, in every
 * format, and the text is compared byte for byte.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "emit.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define T_2026_11_22_10 1795341600  /* 2026-11-22T10:00:00Z */

static const struct emit_col client_cols[] = {
	{ "id", "ID", EMIT_INT },
	{ "name", "NAME", EMIT_STR },
	{ "tier", "TIER", EMIT_STR },
};

static void client(struct emitter *e, int64_t id, const char *name, const char *tier)
{
	emit_begin(e);
	emit_int(e, id);
	emit_str(e, name);
	emit_str(e, tier);
	emit_end(e);
}

static void no_clients(struct emitter *e)
{
	(void)e;
}

static void two_clients(struct emitter *e)
{
	client(e, 1, "Acme", "vip");
	client(e, 2, "Рога и копыта", NULL);
}

/* Renders the rows that fill() emits and returns the text (malloc'd). */
static char *render(enum emit_format fmt, const struct emit_col *cols, size_t ncols,
		    const char *fields, unsigned flags, void (*fill)(struct emitter *))
{
	char err[256] = "";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct emitter *e;

	assert_non_null(f);
	e = emit_create(fmt, f, cols, ncols, fields, flags, err, sizeof(err));
	assert_non_null(e);
	assert_string_equal(err, "");
	fill(e);
	assert_int_equal(emit_finish(e), 0);
	emit_destroy(e);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void check(enum emit_format fmt, const struct emit_col *cols, size_t ncols,
		  const char *fields, unsigned flags, void (*fill)(struct emitter *),
		  const char *want)
{
	char *got = render(fmt, cols, ncols, fields, flags, fill);

	assert_string_equal(got, want);
	free(got);
}

#define CHECK_CLIENTS(fmt, fields, flags, fill, want) \
	check(fmt, client_cols, ARRAY_SIZE(client_cols), fields, flags, fill, want)

/* ---- table ----------------------------------------------------------- */

static const struct emit_col money_cols[] = {
	{ "id", "ID", EMIT_INT },
	{ "name", "NAME", EMIT_STR },
	{ "balance", "BALANCE", EMIT_MONEY },
	{ "city", "CITY", EMIT_STR },
};

static void money_rows(struct emitter *e)
{
	emit_begin(e);
	emit_int(e, 1);
	emit_str(e, "Рога и копыта");
	emit_money(e, 123450);
	emit_str(e, "Москва");
	emit_end(e);
	emit_begin(e);
	emit_int(e, 12);
	emit_str(e, "Acme");
	emit_money(e, 5);
	emit_str(e, "");  /* empty last cell: still no trailing spaces */
	emit_end(e);
}

static void table_cyrillic_alignment(void **state)
{
	(void)state;
	check(EMIT_FMT_TABLE, money_cols, ARRAY_SIZE(money_cols), NULL, 0, money_rows,
	      "ID  NAME           BALANCE  CITY\n"
	      " 1  Рога и копыта  1234.50  Москва\n"
	      "12  Acme              0.05\n");
}

static const struct emit_col type_cols[] = {
	{ "id", "ID", EMIT_INT },
	{ "vip", "VIP", EMIT_BOOL },
	{ "since", "SINCE", EMIT_DATE },
	{ "seen", "SEEN", EMIT_TIME },
	{ "balance", "BALANCE", EMIT_MONEY },
	{ "tags", "TAGS", EMIT_LIST },
	{ "data", "DATA", EMIT_JSON },
	{ "note", "NOTE", EMIT_STR },
};

static void type_rows(struct emitter *e)
{
	emit_begin(e);
	emit_int(e, 7);
	emit_bool(e, true);
	emit_date(e, T_2026_11_22_10 - 10 * 3600);
	emit_date(e, T_2026_11_22_10);
	emit_money(e, -250);
	emit_json(e, "[\"a\", \"b\"]");
	emit_json(e, "{ \"k\": [1, 2],\n  \"s\": \"x y\" }");
	emit_str(e, "two\nlines\tand\x1b[31m\x7f");
	emit_end(e);
	emit_begin(e);
	emit_int(e, -3);
	emit_bool(e, false);
	for (int i = 0; i < 6; i++) {
		emit_null(e);
	}
	emit_end(e);
}

static void table_types_and_nulls(void **state)
{
	(void)state;
	check(EMIT_FMT_TABLE, type_cols, ARRAY_SIZE(type_cols), NULL, 0, type_rows,
	      "ID  VIP  SINCE       SEEN              BALANCE  TAGS  DATA                   NOTE\n"
	      " 7  yes  2026-11-22  2026-11-22 10:00    -2.50  a,b   {\"k\":[1,2],\"s\":\"x y\"}  two\\nlines\\tand\\x1b[31m\\x7f\n"
	      "-3  no   -           -                       -  -     -                      -\n");
}

static void table_color_and_no_header(void **state)
{
	(void)state;
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, EMIT_COLOR, two_clients,
		      "\033[1mID  NAME           TIER\033[0m\n"
		      " 1  Acme           vip\n"
		      " 2  Рога и копыта  -\n");
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, EMIT_NO_HEADER, two_clients,
		      "1  Acme           vip\n"
		      "2  Рога и копыта  -\n");
}

/* ---- --fields -------------------------------------------------------- */

/* ---- fitting a terminal's width (emit_table_width) ---------------------- */

/* two_clients is 23 columns wide: ID 2, NAME 13, TIER 4, two gaps of 2 */
static void table_fits_exactly(void **state)
{
	(void)state;
	emit_table_width(23);
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, 0, two_clients,
		      "ID  NAME           TIER\n"
		      " 1  Acme           vip\n"
		      " 2  Рога и копыта  -\n");
	emit_table_width(0);
}

static void table_one_column_over(void **state)
{
	(void)state;
	emit_table_width(22);
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, 0, two_clients,
		      "ID  NAME          TIER\n"
		      " 1  Acme          vip\n"
		      " 2  Рога и копы…  -\n");
	/* JSON, CSV and TSV are never cut */
	CHECK_CLIENTS(EMIT_FMT_CSV, NULL, 0, two_clients,
		      "id,name,tier\n1,Acme,vip\n2,Рога и копыта,\n");
	emit_table_width(0);
}

/*
 * NAME goes down to EMIT_CUT_MIN (6), then to EMIT_CUT_FLOOR (3) and no
 * further; ID (a number) and TIER (4 columns: short) stay whole.
 */
static void table_cut_minimum(void **state)
{
	(void)state;
	emit_table_width(19);
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, 0, two_clients,
		      "ID  NAME       TIER\n"
		      " 1  Acme       vip\n"
		      " 2  Рога и к…  -\n");
	emit_table_width(16);
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, 0, two_clients,
		      "ID  NAME    TIER\n"
		      " 1  Acme    vip\n"
		      " 2  Рога …  -\n");
	emit_table_width(15);
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, 0, two_clients,
		      "ID  NAME   TIER\n"
		      " 1  Acme   vip\n"
		      " 2  Рога…  -\n");
	emit_table_width(13);
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, 0, two_clients,
		      "ID  NA…  TIER\n"
		      " 1  Ac…  vip\n"
		      " 2  Ро…  -\n");
	/* one column below the floor, and far below: no narrower */
	emit_table_width(12);
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, 0, two_clients,
		      "ID  NA…  TIER\n"
		      " 1  Ac…  vip\n"
		      " 2  Ро…  -\n");
	emit_table_width(1);
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, 0, two_clients,
		      "ID  NA…  TIER\n"
		      " 1  Ac…  vip\n"
		      " 2  Ро…  -\n");
	emit_table_width(0);
}

static const struct emit_col wide_cols[] = {
	{ "id", "ID", EMIT_INT },
	{ "subject", "ОПИСАНИЕ ПРОБЛЕМЫ", EMIT_STR },
	{ "note", "NOTE", EMIT_STR },
};

static void wide_rows(struct emitter *e)
{
	emit_begin(e);
	emit_int(e, 12345678);
	emit_str(e, "сбой");
	emit_str(e, "漢字漢字漢字漢字漢字");
	emit_end(e);
}

/*
 * The longest column goes first (the 20-column CJK note, then both in
 * turn), a wide character is never split (12 columns hold 5 of them and
 * the "…"),
 * the header is cut like its column and the number stays whole.
 */
static void table_cut_header_and_wide_chars(void **state)
{
	(void)state;
	emit_table_width(8 + 2 + 17 + 2 + 20);
	check(EMIT_FMT_TABLE, wide_cols, ARRAY_SIZE(wide_cols), NULL, 0, wide_rows,
	      "      ID  ОПИСАНИЕ ПРОБЛЕМЫ  NOTE\n"
	      "12345678  сбой               漢字漢字漢字漢字漢字\n");
	emit_table_width(8 + 2 + 17 + 2 + 17);
	check(EMIT_FMT_TABLE, wide_cols, ARRAY_SIZE(wide_cols), NULL, 0, wide_rows,
	      "      ID  ОПИСАНИЕ ПРОБЛЕМЫ  NOTE\n"
	      "12345678  сбой               漢字漢字漢字漢字…\n");
	emit_table_width(8 + 2 + 12 + 2 + 12);
	check(EMIT_FMT_TABLE, wide_cols, ARRAY_SIZE(wide_cols), NULL, 0, wide_rows,
	      "      ID  ОПИСАНИЕ ПР…  NOTE\n"
	      "12345678  сбой          漢字漢字漢…\n");
	emit_table_width(0);
}

static void fields_pick_and_reorder(void **state)
{
	(void)state;
	CHECK_CLIENTS(EMIT_FMT_TABLE, "name,id", 0, two_clients,
		      "NAME           ID\n"
		      "Acme            1\n"
		      "Рога и копыта   2\n");
	CHECK_CLIENTS(EMIT_FMT_JSON, "tier, name", 0, two_clients,
		      "[\n{\"tier\":\"vip\",\"name\":\"Acme\"},\n"
		      "{\"tier\":null,\"name\":\"Рога и копыта\"}\n]\n");
	CHECK_CLIENTS(EMIT_FMT_CSV, "tier,id", 0, two_clients,
		      "tier,id\nvip,1\n,2\n");
	CHECK_CLIENTS(EMIT_FMT_TSV, "id", 0, two_clients, "id\n1\n2\n");
}

static void fields_error(const char *fields, const char *want)
{
	char err[256];

	assert_null(emit_create(EMIT_FMT_JSON, stdout, client_cols,
				ARRAY_SIZE(client_cols), fields, 0, err, sizeof(err)));
	assert_string_equal(err, want);
}

static void fields_errors(void **state)
{
	char tiny[8];

	(void)state;
	fields_error("id,x", "unknown field 'x' (valid: id, name, tier)");
	fields_error("id,name,id", "duplicate field 'id' (valid: id, name, tier)");
	fields_error("", "empty field name in --fields (valid: id, name, tier)");
	fields_error("id,", "empty field name in --fields (valid: id, name, tier)");
	fields_error("ID", "unknown field 'ID' (valid: id, name, tier)");
	assert_null(emit_create(EMIT_FMT_JSON, stdout, client_cols, 3, "x", 0,
				tiny, sizeof(tiny)));
	assert_string_equal(tiny, "unknown");
	assert_null(emit_create(EMIT_FMT_JSON, stdout, client_cols, 3, "x", 0, NULL, 0));
}

/* ---- json and ndjson ------------------------------------------------- */

static const struct emit_col id_col[] = { { "id", "ID", EMIT_INT } };

static void int64_limits(struct emitter *e)
{
	emit_begin(e);
	emit_int(e, INT64_MAX);
	emit_end(e);
	emit_begin(e);
	emit_int(e, INT64_MIN);
	emit_end(e);
}

static void json_int64_exact(void **state)
{
	(void)state;
	check(EMIT_FMT_JSON, id_col, 1, NULL, 0, int64_limits,
	      "[\n{\"id\":9223372036854775807},\n{\"id\":-9223372036854775808}\n]\n");
	check(EMIT_FMT_NDJSON, id_col, 1, NULL, 0, int64_limits,
	      "{\"id\":9223372036854775807}\n{\"id\":-9223372036854775808}\n");
	check(EMIT_FMT_TABLE, id_col, 1, NULL, 0, int64_limits,
	      "                  ID\n"
	      " 9223372036854775807\n"
	      "-9223372036854775808\n");
}

static void json_types_and_nulls(void **state)
{
	(void)state;
	check(EMIT_FMT_NDJSON, type_cols, ARRAY_SIZE(type_cols), NULL, 0, type_rows,
	      "{\"id\":7,\"vip\":true,\"since\":\"2026-11-22\","
	      "\"seen\":\"2026-11-22T10:00:00Z\",\"balance\":\"-2.50\","
	      "\"tags\":[\"a\",\"b\"],\"data\":{\"k\":[1,2],\"s\":\"x y\"},"
	      "\"note\":\"two\\nlines\\tand\\u001b[31m\x7f\"}\n"
	      "{\"id\":-3,\"vip\":false,\"since\":null,\"seen\":null,"
	      "\"balance\":null,\"tags\":null,\"data\":null,\"note\":null}\n");
}

static void one_client(struct emitter *e)
{
	client(e, 1, "Acme", "vip");
}

static void json_array_and_single(void **state)
{
	(void)state;
	CHECK_CLIENTS(EMIT_FMT_JSON, NULL, 0, two_clients,
		      "[\n{\"id\":1,\"name\":\"Acme\",\"tier\":\"vip\"},\n"
		      "{\"id\":2,\"name\":\"Рога и копыта\",\"tier\":null}\n]\n");
	CHECK_CLIENTS(EMIT_FMT_JSON, NULL, EMIT_SINGLE, one_client,
		      "{\"id\":1,\"name\":\"Acme\",\"tier\":\"vip\"}\n");
	CHECK_CLIENTS(EMIT_FMT_JSON, "name", EMIT_SINGLE, one_client,
		      "{\"name\":\"Acme\"}\n");
	CHECK_CLIENTS(EMIT_FMT_JSON, NULL, EMIT_SINGLE, no_clients, "null\n");
	CHECK_CLIENTS(EMIT_FMT_NDJSON, NULL, 0, two_clients,
		      "{\"id\":1,\"name\":\"Acme\",\"tier\":\"vip\"}\n"
		      "{\"id\":2,\"name\":\"Рога и копыта\",\"tier\":null}\n");
}

/* ---- csv and tsv ----------------------------------------------------- */

static void csv_rows(struct emitter *e)
{
	client(e, 1, "a,\"b\"", "two\nlines");
	client(e, 2, " lead", "trail ");
	client(e, 3, "", NULL);
	client(e, 4, "plain text", "cr\r");
}

static void csv_quoting(void **state)
{
	(void)state;
	CHECK_CLIENTS(EMIT_FMT_CSV, NULL, 0, csv_rows,
		      "id,name,tier\n"
		      "1,\"a,\"\"b\"\"\",\"two\nlines\"\n"
		      "2,\" lead\",\"trail \"\n"
		      "3,\"\",\n"
		      "4,plain text,\"cr\r\"\n");
	CHECK_CLIENTS(EMIT_FMT_CSV, NULL, EMIT_NO_HEADER, one_client, "1,Acme,vip\n");
}

static void csv_semicolons(struct emitter *e)
{
	client(e, 1, "a;b", "vip");
	client(e, 2, "a,b", NULL);
}

static void csv_types_and_nulls(void **state)
{
	(void)state;
	check(EMIT_FMT_CSV, type_cols, ARRAY_SIZE(type_cols), NULL, 0, type_rows,
	      "id,vip,since,seen,balance,tags,data,note\n"
	      "7,true,2026-11-22,2026-11-22T10:00:00Z,-2.50,a;b,"
	      "\"{\"\"k\"\":[1,2],\"\"s\"\":\"\"x y\"\"}\",\"two\nlines\tand\x1b[31m\x7f\"\n"
	      "-3,false,,,,,,\n");
	check(EMIT_FMT_TSV, type_cols, ARRAY_SIZE(type_cols), NULL, 0, type_rows,
	      "id\tvip\tsince\tseen\tbalance\ttags\tdata\tnote\n"
	      "7\ttrue\t2026-11-22\t2026-11-22T10:00:00Z\t-2.50\ta;b\t"
	      "{\"k\":[1,2],\"s\":\"x y\"}\ttwo\\nlines\\tand\x1b[31m\x7f\n"
	      "-3\tfalse\t\t\t\t\t\t\n");
}

/* csv for a Russian Excel: a byte order mark, ';', CRLF, a ';' quoted, not a ',' */
static void csv_excel(void **state)
{
	(void)state;
	check(EMIT_FMT_CSV, type_cols, ARRAY_SIZE(type_cols), NULL, EMIT_EXCEL, type_rows,
	      "\xEF\xBB\xBF"
	      "id;vip;since;seen;balance;tags;data;note\r\n"
	      "7;true;2026-11-22;2026-11-22T10:00:00Z;-2.50;\"a;b\";"
	      "\"{\"\"k\"\":[1,2],\"\"s\"\":\"\"x y\"\"}\";\"two\nlines\tand\x1b[31m\x7f\"\r\n"
	      "-3;false;;;;;;\r\n");
	CHECK_CLIENTS(EMIT_FMT_CSV, NULL, EMIT_EXCEL, csv_semicolons,
		      "\xEF\xBB\xBF"
		      "id;name;tier\r\n"
		      "1;\"a;b\";vip\r\n"
		      "2;a,b;\r\n");
	/* no header, no mark: the rows go on after another emitter's */
	CHECK_CLIENTS(EMIT_FMT_CSV, NULL, EMIT_EXCEL | EMIT_NO_HEADER, csv_semicolons,
		      "1;\"a;b\";vip\r\n"
		      "2;a,b;\r\n");
	/* tsv and json take no notice */
	CHECK_CLIENTS(EMIT_FMT_TSV, NULL, EMIT_EXCEL, csv_semicolons,
		      "id\tname\ttier\n1\ta;b\tvip\n2\ta,b\t\n");
}

static const struct emit_col grouped_cols[] = {
	{ "value", "VALUE", EMIT_MONEY },
};

static void grouped_rows(struct emitter *e)
{
	emit_begin(e);
	emit_money(e, INT64_C(120000050));
	emit_end(e);
	emit_begin(e);
	emit_money(e, INT64_C(-99));
	emit_end(e);
}

/* money in tables as the locale writes numbers; the machine formats plain */
static void money_number_style(void **state)
{
	(void)state;
	emit_number_style(" ", ",");
	check(EMIT_FMT_TABLE, grouped_cols, 1, NULL, 0, grouped_rows,
	      "       VALUE\n"
	      "1 200 000,50\n"
	      "       -0,99\n");
	check(EMIT_FMT_CSV, grouped_cols, 1, NULL, 0, grouped_rows, "value\n1200000.50\n-0.99\n");
	check(EMIT_FMT_JSON, grouped_cols, 1, NULL, 0, grouped_rows,
	      "[\n{\"value\":\"1200000.50\"},\n{\"value\":\"-0.99\"}\n]\n");
	emit_number_style(",", ".");
	check(EMIT_FMT_TABLE, grouped_cols, 1, NULL, 0, grouped_rows,
	      "       VALUE\n"
	      "1,200,000.50\n"
	      "       -0.99\n");
	emit_number_style(NULL, NULL);
	check(EMIT_FMT_TABLE, grouped_cols, 1, NULL, 0, grouped_rows,
	      "     VALUE\n"
	      "1200000.50\n"
	      "     -0.99\n");
}

/* A list in CSV and TSV: items joined by ';', a ';' or a backslash inside
 * an item escaped, so that an import splits it back into the same items;
 * a table joins them by ',' for people, as they are. */
static const struct emit_col list_cols[] = {
	{ "tags", "TAGS", EMIT_LIST },
};

static void list_rows(struct emitter *e)
{
	emit_begin(e);
	emit_json(e, "[\"x;y\",\"a,b\",\"z\\\\\",\"=1\"]");
	emit_end(e);
	emit_begin(e);
	emit_json(e, "[]");
	emit_end(e);
}

static void list_items_whole(void **state)
{
	(void)state;
	check(EMIT_FMT_CSV, list_cols, 1, NULL, 0, list_rows,
	      "tags\n\"x\\;y;a,b;z\\\\;'=1\"\n\"\"\n");
	check(EMIT_FMT_TSV, list_cols, 1, NULL, 0, list_rows,
	      "tags\nx\\\\;y;a,b;z\\\\\\\\;=1\n\n");
	check(EMIT_FMT_TABLE, list_cols, 1, NULL, 0, list_rows, "TAGS\nx;y,a,b,z\\,=1\n\n");
}

static void tsv_rows(struct emitter *e)
{
	client(e, 1, "a\tb\\c", "d\ne\rf");
	client(e, 2, "a,\"b\"", NULL);
}

static void tsv_escaping(void **state)
{
	(void)state;
	CHECK_CLIENTS(EMIT_FMT_TSV, NULL, 0, tsv_rows,
		      "id\tname\ttier\n"
		      "1\ta\\tb\\\\c\td\\ne\\rf\n"
		      "2\ta,\"b\"\t\n");
}

/* ---- documents ------------------------------------------------------- */

/* A contact of a client: the rows of the client's lists. */
static const struct emit_col item_cols[] = {
	{ "n", "N", EMIT_INT },
	{ "s", "S", EMIT_STR },
};

static const struct emit_col sheet_cols[] = {
	{ "id", "ID", EMIT_INT },
	{ "items", "ITEMS", EMIT_ROWS },
	{ "first", "FIRST", EMIT_MAP },
};

static void item(struct emitter *e, int64_t n, const char *s)
{
	emit_begin(e);
	emit_int(e, n);
	emit_str(e, s);
	emit_end(e);
}

/* Client 1 with two items, client 2 with none; keys after the columns. */
static void sheet_rows(struct emitter *e)
{
	struct emitter *sub;

	emit_begin(e);
	emit_int(e, 1);
	sub = emit_begin_list(e, item_cols, ARRAY_SIZE(item_cols), NULL);
	item(sub, 1, "a\"b");
	item(sub, 2, NULL);
	emit_end_list(e);
	sub = emit_begin_map(e, item_cols, ARRAY_SIZE(item_cols), "s");
	item(sub, 1, "x");
	emit_end_map(e);
	emit_key(e, "owner", EMIT_STR);
	emit_str(e, "Анна");
	emit_key(e, "lists", EMIT_ROWS);
	sub = emit_begin_list(e, item_cols, ARRAY_SIZE(item_cols), "s,n");
	item(sub, 3, "c");
	emit_end_list(e);
	emit_end(e);

	emit_begin(e);
	emit_int(e, 2);
	emit_begin_list(e, item_cols, ARRAY_SIZE(item_cols), NULL);
	emit_end_list(e);
	emit_begin_map(e, item_cols, ARRAY_SIZE(item_cols), "s");
	emit_end_map(e);
	emit_key(e, "owner", EMIT_STR);
	emit_null(e);
	emit_key(e, "lists", EMIT_ROWS);
	emit_begin_list(e, item_cols, ARRAY_SIZE(item_cols), "s,n");
	emit_end_list(e);
	emit_end(e);
}

static void documents_json(void **state)
{
	(void)state;
	check(EMIT_FMT_NDJSON, sheet_cols, ARRAY_SIZE(sheet_cols), NULL, 0, sheet_rows,
	      "{\"id\":1,\"items\":[{\"n\":1,\"s\":\"a\\\"b\"},{\"n\":2,\"s\":null}],"
	      "\"first\":{\"s\":\"x\"},\"owner\":\"Анна\",\"lists\":[{\"s\":\"c\",\"n\":3}]}\n"
	      "{\"id\":2,\"items\":[],\"first\":null,\"owner\":null,\"lists\":[]}\n");
	check(EMIT_FMT_JSON, sheet_cols, ARRAY_SIZE(sheet_cols), "first,id", 0, sheet_rows,
	      "[\n{\"first\":{\"s\":\"x\"},\"id\":1,\"owner\":\"Анна\","
	      "\"lists\":[{\"s\":\"c\",\"n\":3}]},\n"
	      "{\"first\":null,\"id\":2,\"owner\":null,\"lists\":[]}\n]\n");
}

/* Flat formats: a list is compact JSON text; keys are left out. */
static void documents_flat(void **state)
{
	(void)state;
	check(EMIT_FMT_CSV, sheet_cols, ARRAY_SIZE(sheet_cols), "id,items", 0, sheet_rows,
	      "id,items\n"
	      "1,\"[{\"\"n\"\":1,\"\"s\"\":\"\"a\\\"\"b\"\"},{\"\"n\"\":2,\"\"s\"\":null}]\"\n"
	      "2,[]\n");
	check(EMIT_FMT_TABLE, sheet_cols, ARRAY_SIZE(sheet_cols), "id,first", 0, sheet_rows,
	      "ID  FIRST\n"
	      " 1  {\"s\":\"x\"}\n"
	      " 2  -\n");
}

/* Lists in lists: a list's rows have lists of their own. */
static const struct emit_col outer_cols[] = {
	{ "id", "ID", EMIT_INT },
	{ "groups", "GROUPS", EMIT_ROWS },
};

static const struct emit_col group_cols[] = {
	{ "g", "G", EMIT_STR },
	{ "items", "ITEMS", EMIT_ROWS },
};

static void nested_rows(struct emitter *e)
{
	struct emitter *groups, *items;

	emit_begin(e);
	emit_int(e, 1);
	groups = emit_begin_list(e, group_cols, ARRAY_SIZE(group_cols), NULL);
	for (int g = 0; g < 2; g++) {
		emit_begin(groups);
		emit_str(groups, g ? "b" : "a");
		items = emit_begin_list(groups, item_cols, ARRAY_SIZE(item_cols), "n");
		for (int i = 0; i <= g; i++) {
			item(items, i, "x");
		}
		emit_end_list(groups);
		emit_end(groups);
	}
	emit_end_list(e);
	emit_end(e);
}

static void documents_nested(void **state)
{
	(void)state;
	check(EMIT_FMT_NDJSON, outer_cols, ARRAY_SIZE(outer_cols), NULL, 0, nested_rows,
	      "{\"id\":1,\"groups\":[{\"g\":\"a\",\"items\":[{\"n\":0}]},"
	      "{\"g\":\"b\",\"items\":[{\"n\":0},{\"n\":1}]}]}\n");
}

/* Every byte and a few sequences escape as cJSON escapes them. */
static void json_escapes_as_cjson(void **state)
{
	static const struct emit_col cols[] = { { "s", "S", EMIT_STR } };
	char text[512];
	const char *words[] = { "", "a\"b\\c/d", "\x01\x1f\x7f\xc3\xa9\xe2\x80\xa8", "«Ромашка»\t\n" };

	(void)state;
	for (int i = 1; i < 256 + 4; i++) { /* from 1: NUL ends a C string */
		char one[2] = { (char)i, '\0' };
		const char *w = i < 256 ? one : words[i - 256];
		cJSON *obj = cJSON_CreateObject();
		char *want, *got = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&got, &len);
		struct emitter *e;

		assert_non_null(f);
		assert_non_null(cJSON_AddStringToObject(obj, "s", w));
		want = cJSON_PrintUnformatted(obj);
		e = emit_create(EMIT_FMT_NDJSON, f, cols, 1, NULL, 0, NULL, 0);
		assert_non_null(e);
		emit_begin(e);
		emit_str(e, w);
		emit_end(e);
		assert_int_equal(emit_finish(e), 0);
		emit_destroy(e);
		assert_int_equal(fclose(f), 0);
		snprintf(text, sizeof(text), "%s\n", want);
		assert_string_equal(got, text);
		free(got);
		cJSON_free(want);
		cJSON_Delete(obj);
	}
}

/* ---- every format ---------------------------------------------------- */

static void empty_list(void **state)
{
	(void)state;
	CHECK_CLIENTS(EMIT_FMT_TABLE, NULL, 0, no_clients, "");
	CHECK_CLIENTS(EMIT_FMT_JSON, NULL, 0, no_clients, "[]\n");
	CHECK_CLIENTS(EMIT_FMT_NDJSON, NULL, 0, no_clients, "");
	CHECK_CLIENTS(EMIT_FMT_CSV, NULL, 0, no_clients, "id,name,tier\n");
	CHECK_CLIENTS(EMIT_FMT_TSV, "tier,id", 0, no_clients, "tier\tid\n");
	CHECK_CLIENTS(EMIT_FMT_CSV, NULL, EMIT_NO_HEADER, no_clients, "");
}

static void count_and_parse(void **state)
{
	struct emitter *e;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	e = emit_create(EMIT_FMT_CSV, f, client_cols, 3, "name", 0, NULL, 0);
	assert_non_null(e);
	assert_int_equal(emit_count(e), 0);
	two_clients(e);
	assert_int_equal(emit_count(e), 2);
	assert_int_equal(emit_finish(e), 0);
	emit_destroy(e);
	emit_destroy(NULL);
	fclose(f);

	assert_int_equal(emit_format_parse("table"), EMIT_FMT_TABLE);
	assert_int_equal(emit_format_parse("json"), EMIT_FMT_JSON);
	assert_int_equal(emit_format_parse("ndjson"), EMIT_FMT_NDJSON);
	assert_int_equal(emit_format_parse("csv"), EMIT_FMT_CSV);
	assert_int_equal(emit_format_parse("tsv"), EMIT_FMT_TSV);
	assert_int_equal(emit_format_parse("JSON"), -1);
	assert_int_equal(emit_format_parse("xml"), -1);
	assert_int_equal(emit_format_parse(""), -1);
	assert_int_equal(emit_format_parse(NULL), -1);
}

static void write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct emitter *e;

	(void)state;
	if (f == NULL) {
		skip();
	}
	e = emit_create(EMIT_FMT_JSON, f, client_cols, 3, NULL, 0, NULL, 0);
	assert_non_null(e);
	two_clients(e);
	errno = 0;
	assert_int_equal(emit_finish(e), -1);
	assert_int_equal(errno, ENOSPC);
	emit_destroy(e);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_cyrillic_alignment),
		cmocka_unit_test(table_types_and_nulls),
		cmocka_unit_test(table_color_and_no_header),
		cmocka_unit_test(table_fits_exactly),
		cmocka_unit_test(table_one_column_over),
		cmocka_unit_test(table_cut_minimum),
		cmocka_unit_test(table_cut_header_and_wide_chars),
		cmocka_unit_test(fields_pick_and_reorder),
		cmocka_unit_test(fields_errors),
		cmocka_unit_test(json_int64_exact),
		cmocka_unit_test(json_types_and_nulls),
		cmocka_unit_test(json_array_and_single),
		cmocka_unit_test(csv_quoting),
		cmocka_unit_test(csv_types_and_nulls),
		cmocka_unit_test(tsv_escaping),
		cmocka_unit_test(list_items_whole),
		cmocka_unit_test(csv_excel),
		cmocka_unit_test(money_number_style),
		cmocka_unit_test(documents_json),
		cmocka_unit_test(documents_flat),
		cmocka_unit_test(documents_nested),
		cmocka_unit_test(json_escapes_as_cjson),
		cmocka_unit_test(empty_list),
		cmocka_unit_test(count_and_parse),
		cmocka_unit_test(write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
