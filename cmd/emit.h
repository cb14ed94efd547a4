/*
 * emit.h: one emitter, every format. A command describes each record once,
 * as a row of values in the order of its columns; the emitter renders it
 * as a table, JSON, NDJSON, CSV or TSV, and applies --fields.
 */
#ifndef CRM_EMIT_H
#define CRM_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum emit_format {
	EMIT_FMT_TABLE,
	EMIT_FMT_JSON,
	EMIT_FMT_NDJSON,
	EMIT_FMT_CSV,
	EMIT_FMT_TSV,
	/* written by the few commands that take them (CMD_FMT_VCARD,
	 * CMD_FMT_ICS, CMD_FMT_HTML), never by an emitter */
	EMIT_FMT_VCARD,
	EMIT_FMT_ICS,
	EMIT_FMT_HTML,
};

enum emit_type {
	EMIT_INT,    /* int64, exact in JSON even above 2^53 */
	EMIT_STR,    /* UTF-8 text */
	EMIT_BOOL,
	EMIT_DATE,   /* int64 UTC seconds shown as YYYY-MM-DD */
	EMIT_TIME,   /* int64 UTC seconds: JSON 2026-11-22T10:00:00Z, table 2026-11-22 13:00
		      * in the base's zone (TZ) */
	EMIT_MONEY,  /* int64 cents: JSON "1234.50" (a string, exact), table 1234.50 */
	EMIT_JSON,   /* JSON text inserted as is in JSON formats, compact text elsewhere */
	EMIT_LIST,   /* JSON array text of strings: JSON array; "a,b" elsewhere */
	EMIT_ROWS,   /* rows of other columns (emit_begin_list): a JSON array of objects */
	EMIT_MAP,    /* one row of other columns (emit_begin_map): a JSON object */
};

struct emit_col {
	const char *key;   /* JSON key, snake_case; also the --fields name */
	const char *head;  /* table header */
	enum emit_type type;
};

enum emit_flags {
	EMIT_SINGLE = 1u << 0,  /* JSON: one bare object instead of an array */
	EMIT_COLOR = 1u << 1,   /* table: bold header (only on a terminal) */
	EMIT_NO_HEADER = 1u << 2,
	EMIT_EXCEL = 1u << 3,   /* csv: what ru-RU Excel opens: a UTF-8 BOM, ';', CRLF */
	EMIT_GROUPED = 1u << 4, /* table: money grouped as the user's locale writes numbers */
};

struct emitter;

/*
 * Creates an emitter writing to out. fields is the --fields value (NULL:
 * every column, in table order): a comma list of keys that picks and orders
 * the columns in every format. On an unknown, repeated or empty field it
 * returns NULL and writes "unknown field 'x' (valid: id, name, ...)" into
 * errbuf.
 */
struct emitter *emit_create(enum emit_format fmt, FILE *out,
			    const struct emit_col *cols, size_t ncols,
			    const char *fields, unsigned flags,
			    char *errbuf, size_t errlen);

/*
 * What every emitter of this process takes besides its own flags: main and
 * the option parser add EMIT_EXCEL (--excel, csv.excel). emit_number_style
 * sets how tables write money, as the user's locale writes numbers: group
 * between thousands ("" for none) and decimal sign; NULLs bring back the
 * plain 1234.50. JSON, CSV and TSV always keep the plain form.
 */
void emit_default_flags(unsigned flags);
/*
 * The tables of this process fit this many terminal columns: main sets it
 * from the terminal's width when stdout is one and --wide is not given.
 * The widest text columns are then cut with "…" (never inside a UTF-8
 * character), down to EMIT_CUT_MIN columns each, then, if the table still
 * does not fit, down to EMIT_CUT_FLOOR. Numbers, dates, yes/no and text
 * columns of at most EMIT_CUT_MIN columns stay whole; a table that still
 * does not fit stays wider. 0 (the default) never cuts. JSON, CSV and TSV
 * are never cut.
 */
void emit_table_width(size_t width);
#define EMIT_CUT_MIN 6
#define EMIT_CUT_FLOOR 3
void emit_number_style(const char *group, const char *decimal);
/* The signs emit_number_style set, for pages that write numbers
 * themselves (report-html.c): ("", ".") for the plain form. */
void emit_number_signs(const char **group, const char **decimal);

/* Row values, one call per column in column order, between begin and end. */
void emit_begin(struct emitter *e);
void emit_int(struct emitter *e, int64_t v);
void emit_str(struct emitter *e, const char *s);     /* NULL -> null */
void emit_bool(struct emitter *e, bool v);
void emit_date(struct emitter *e, int64_t t);        /* for EMIT_DATE/EMIT_TIME columns */
/* For an EMIT_TIME column: a time, or (timed false) a date shown as one. */
void emit_when(struct emitter *e, int64_t t, bool timed);
void emit_money(struct emitter *e, int64_t cents);
void emit_json(struct emitter *e, const char *json); /* EMIT_JSON / EMIT_LIST; NULL -> null */
void emit_null(struct emitter *e);
/* 0 means "none": null instead of the value. */
void emit_int_or_null(struct emitter *e, int64_t v);
void emit_date_or_null(struct emitter *e, int64_t t);
void emit_end(struct emitter *e);

/*
 * Documents (notmuch's sprinter is the model): a value of a row can be a
 * list of rows, or one row, of other columns. emit_begin_list returns the
 * emitter those rows go to (begin, values, end, as any row; nested lists
 * too); emit_end_list makes them the next value of e: an EMIT_ROWS column,
 * or the key named by emit_key. The maps work alike with one row (none:
 * null). fields picks and orders their columns as --fields does (NULL:
 * every column; it must name known columns). In JSON formats the value is
 * written as a JSON array or object; a table, CSV and TSV show it as
 * compact JSON text. The returned emitter belongs to e and is reused by
 * the next list of the same columns and fields: do not destroy it. When
 * it returns NULL (out of memory), e's output fails and the end is still
 * called.
 */
struct emitter *emit_begin_list(struct emitter *e, const struct emit_col *cols, size_t ncols,
				const char *fields);
void emit_end_list(struct emitter *e);
struct emitter *emit_begin_map(struct emitter *e, const struct emit_col *cols, size_t ncols,
			       const char *fields);
void emit_end_map(struct emitter *e);

/*
 * A key of the current row that its columns do not declare (a document's
 * own keys): the next value, given as for a column of type t, or the next
 * list or map, goes to it. JSON and NDJSON write these keys after the
 * columns, in the order given; the other formats, whose columns are fixed,
 * leave them out.
 */
void emit_key(struct emitter *e, const char *key, enum emit_type t);

/*
 * Ends the output: closes the JSON array, prints the buffered table.
 * Returns 0, or -1 when writing failed (errno set).
 */
int emit_finish(struct emitter *e);
void emit_destroy(struct emitter *e);

/* Rows emitted so far. */
size_t emit_count(const struct emitter *e);

/* Parses a --format value; -1 when unknown. */
int emit_format_parse(const char *s);
/* The --format value of fmt ("table", "json", ...). */
const char *emit_format_name(enum emit_format fmt);

#endif
