/*
 * emit-csv.c: csv (RFC 4180) and tsv (no quoting; backslash, tab, CR and
 * LF escaped). Both start with a header row of the keys and print each
 * row as it comes. EMIT_EXCEL makes csv what a Russian Excel opens by a
 * double click: a UTF-8 byte order mark, ';' between fields and CRLF line
 * ends (values keep their machine form: 1200.50, 2026-11-25).
 */
#include <stdbool.h>
#include <string.h>

#include "emit-private.h"
#include "banned.h"

/*
 * A spreadsheet runs a cell that starts with =, +, -, @, tab or CR as a
 * formula (CSV injection). Such a text cell gets a leading ' (which the
 * spreadsheet hides, showing the text); so does a text of one or more '
 * and then one of those, so that client import, which strips one ' from
 * such a text, gives back exactly the text exported. The same goes for
 * the text after each ';' in a cell: a spreadsheet set to split at ';'
 * (the Russian Excel) would make a cell of it, and tags are joined by ';'.
 */
static bool formula_like(const char *s)
{
	static const char lead[] = "=+-@\t\r";

	while (s[0] == '\'') {
		s++;
	}
	return s[0] != '\0' && strchr(lead, s[0]) != NULL;
}

/* s with a ' before each start that formula_like: its own, and after each ';' */
static void put_guarded(FILE *out, const char *s, bool text, bool quoted)
{
	bool start = true;

	for (; *s != '\0'; s++) {
		if (text && start && formula_like(s)) {
			putc('\'', out);
		}
		start = *s == ';';
		if (quoted && *s == '"') {
			putc('"', out);
		}
		putc(*s, out);
	}
}

static void put_csv(FILE *out, const char *s, bool text, bool semicolons)
{
	size_t n = strlen(s);

	/* an empty string is "" so that it differs from null */
	if (n > 0 && s[strcspn(s, semicolons ? ";\"\r\n" : ",\"\r\n")] == '\0' && s[0] != ' ' &&
	    s[n - 1] != ' ') {
		put_guarded(out, s, text, false);
		return;
	}
	putc('"', out);
	put_guarded(out, s, text, true);
	putc('"', out);
}

static void put_tsv(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
			fputs("\\\\", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		default:
			putc(*s, out);
			break;
		}
	}
}

/* csv with EMIT_EXCEL; tsv takes no notice of it */
static bool excel(const struct emitter *e)
{
	return e->fmt == EMIT_FMT_CSV && (e->flags & EMIT_EXCEL);
}

static void put_field(struct emitter *e, size_t i, const char *s, bool text)
{
	if (i > 0) {
		putc(e->fmt == EMIT_FMT_TSV ? '\t' : excel(e) ? ';' : ',', e->out);
	}
	if (s == NULL) {
		return;
	}
	if (e->fmt == EMIT_FMT_TSV) {
		put_tsv(e->out, s);
	} else {
		put_csv(e->out, s, text, excel(e));
	}
}

static void end_line(struct emitter *e)
{
	fputs(excel(e) ? "\r\n" : "\n", e->out);
}

static void header(struct emitter *e)
{
	if (e->flags & EMIT_NO_HEADER) {
		return;
	}
	if (excel(e)) {
		fputs("\xEF\xBB\xBF", e->out); /* the byte order mark: UTF-8 */
	}
	for (size_t i = 0; i < e->ncols; i++) {
		put_field(e, i, e->cols[i].key, false);
	}
	end_line(e);
}

static void csv_row(struct emitter *e)
{
	char buf[EMIT_SCALAR_MAX];

	if (e->count == 0) {
		header(e);
	}
	for (size_t i = 0; i < e->ncols; i++) {
		enum emit_type t = e->cols[i].type;

		put_field(e, i, emit_text(e, i, buf),
			  t == EMIT_STR || t == EMIT_LIST || t == EMIT_JSON);
	}
	end_line(e);
}

static void csv_finish(struct emitter *e)
{
	if (e->count == 0) {
		header(e);
	}
}

const struct emit_ops emit_csv_ops = {
	.row = csv_row,
	.finish = csv_finish,
};
