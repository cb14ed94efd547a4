/*
 * csv.c: the RFC 4180 CSV reader behind crm client import, a leaf with no
 * base: a record at a time into its own buffer, with the line each record
 * starts on and its own error text (crmi_csv_errmsg).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-private.h"

#define CSV_RECORD_MAX (16u << 20)

struct crmi_csv {
	FILE *in;
	unsigned char back[4];   /* bytes read ahead (the BOM check) */
	int nback;
	char *buf;               /* the fields of the record, each NUL-terminated */
	size_t len, cap;
	size_t *offs;
	const char **fields;
	size_t nfields, capf;
	int64_t line;            /* line of the read position */
	int64_t rec_line;        /* line where the record (or the error) started */
	bool started, eof;
	bool header_read;        /* the first record (the header) was read */
	char delim;              /* ',', or ';' when the header says so */
	char err[256];
};

crm_status crmi_csv_open(FILE *in, struct crmi_csv **out)
{
	struct crmi_csv *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r) {
		return CRM_ENOMEM;
	}
	r->in = in;
	r->delim = ',';
	r->line = 1;
	r->rec_line = 1;
	*out = r;
	return CRM_OK;
}

void crmi_csv_close(struct crmi_csv *r)
{
	if (!r) {
		return;
	}
	free(r->buf);
	free(r->offs);
	free(r->fields);
	free(r);
}

int64_t crmi_csv_line(const struct crmi_csv *r)
{
	return r->rec_line;
}

const char *crmi_csv_errmsg(const struct crmi_csv *r)
{
	return r->err;
}

static int csv_getc(struct crmi_csv *r)
{
	if (r->nback > 0) {
		int c = r->back[0];

		memmove(r->back, r->back + 1, (size_t)--r->nback);
		return c;
	}
	return getc_unlocked(r->in);
}

static void csv_unget(struct crmi_csv *r, int c)
{
	if (c != EOF) {
		memmove(r->back + 1, r->back, (size_t)r->nback++);
		r->back[0] = (unsigned char)c;
	}
}

static crm_status csv_fail(struct crmi_csv *r, crm_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static crm_status csv_fail(struct crmi_csv *r, crm_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	r->eof = true;
	return st;
}

static bool csv_put(struct crmi_csv *r, char c)
{
	if (r->len + 1 >= r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		char *p;

		if (cap > 2 * (size_t)CSV_RECORD_MAX + 64) {
			return false;
		}
		p = realloc(r->buf, cap);
		if (!p) {
			return false;
		}
		r->buf = p;
		r->cap = cap;
	}
	r->buf[r->len++] = c;
	return true;
}

/* Closes the current field: a NUL after it and its offset recorded. */
static bool csv_end_field(struct crmi_csv *r, size_t start)
{
	if (r->nfields == r->capf) {
		size_t capf = r->capf ? r->capf * 2 : 32;
		size_t *offs = realloc(r->offs, capf * sizeof(*offs));

		if (!offs) {
			return false;
		}
		r->offs = offs;
		r->capf = capf;
	}
	r->offs[r->nfields++] = start;
	return csv_put(r, '\0');
}

static void csv_skip_bom(struct crmi_csv *r)
{
	int c[3], n = 0;

	r->started = true;
	while (n < 3 && (c[n] = getc_unlocked(r->in)) != EOF) {
		n++;
		if (c[0] != 0xEF || (n == 2 && c[1] != 0xBB) || (n == 3 && c[2] != 0xBF)) {
			break;
		}
	}
	if (n == 3 && c[0] == 0xEF && c[1] == 0xBB && c[2] == 0xBF) {
		return;
	}
	while (n > 0) {
		csv_unget(r, c[--n]);
	}
}

/* A bare CR must be the start of CRLF. */
static bool csv_crlf(struct crmi_csv *r)
{
	int c = csv_getc(r);

	if (c == '\n') {
		return true;
	}
	csv_unget(r, c);
	return false;
}

/*
 * Excel writes ';' between fields where the decimal mark is a comma (the
 * Russian locale among them). A header that is one field holding ';' and
 * no ',' is such a file: its fields are split at ';', and so is every
 * record after it. Only the header decides, so a ';' in a field of a
 * comma-separated file is plain text.
 */
static bool csv_semicolons(struct crmi_csv *r)
{
	size_t len;

	if (r->nfields != 1 || !strchr(r->buf, ';') || strchr(r->buf, ',')) {
		return true;
	}
	r->delim = ';';
	len = strlen(r->buf);
	r->nfields = 0;
	if (!csv_end_field(r, 0)) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (r->buf[i] == ';') {
			r->buf[i] = '\0';
			if (!csv_end_field(r, i + 1)) {
				return false;
			}
		}
	}
	/* each csv_end_field appended a spare NUL after the text: harmless */
	return true;
}

crm_status crmi_csv_next(struct crmi_csv *r, const char *const **fields, size_t *n)
{
	enum { START, PLAIN, QUOTED, AFTER } state = START;
	size_t start = 0;
	bool any = false;
	int c;

	*fields = NULL;
	*n = 0;
	if (r->eof) {
		return r->err[0] ? CRM_EDATA : CRM_DONE;
	}
	if (!r->started) {
		csv_skip_bom(r);
	}
	r->len = 0;
	r->nfields = 0;
	r->rec_line = r->line;
	for (;;) {
		c = csv_getc(r);
		if (c == 0) {
			return csv_fail(r, CRM_EDATA, _("a NUL byte"));
		}
		if (r->len > CSV_RECORD_MAX) {
			return csv_fail(r, CRM_EDATA, _("a record longer than 16 MiB"));
		}
		if (state == QUOTED) {
			if (c == EOF) {
				return csv_fail(r, CRM_EDATA, _("unterminated quoted field"));
			}
			if (c == '"') {
				c = csv_getc(r);
				if (c != '"') {
					csv_unget(r, c);
					state = AFTER;
					continue;
				}
			} else if (c == '\n') {
				r->line++;
			}
			if (!csv_put(r, (char)c)) {
				return csv_fail(r, CRM_ENOMEM, _("out of memory"));
			}
			continue;
		}
		if (c == '\r') {
			if (!csv_crlf(r)) {
				return csv_fail(r, CRM_EDATA,
						_("a carriage return outside quotes (not part of CRLF)"));
			}
			c = '\n';
		}
		if (c == EOF || c == '\n') {
			if (c == '\n') {
				r->line++;
			} else {
				r->eof = true;
			}
			if (state == START && !any) {
				if (c == EOF) {
					return CRM_DONE;
				}
				r->rec_line = r->line; /* an empty line: skipped */
				continue;
			}
			if (!csv_end_field(r, start)) {
				return csv_fail(r, CRM_ENOMEM, _("out of memory"));
			}
			break;
		}
		any = true;
		if (c == r->delim) {
			if (!csv_end_field(r, start)) {
				return csv_fail(r, CRM_ENOMEM, _("out of memory"));
			}
			start = r->len;
			state = START;
			continue;
		}
		if (state == AFTER) {
			return csv_fail(r, CRM_EDATA, _("text after a closing quote (a quote inside a "
					"quoted field is written \"\")"));
		}
		if (c == '"') {
			if (state != START) {
				return csv_fail(r, CRM_EDATA, _("a quote inside an unquoted field "
						"(quote the whole field and double the quote)"));
			}
			state = QUOTED;
			continue;
		}
		state = PLAIN;
		if (!csv_put(r, (char)c)) {
			return csv_fail(r, CRM_ENOMEM, _("out of memory"));
		}
	}
	if (ferror(r->in)) {
		return csv_fail(r, CRM_EDATA, _("cannot read the input: %s"), strerror(errno));
	}
	if (!r->header_read) {
		r->header_read = true;
		if (!csv_semicolons(r)) {
			return csv_fail(r, CRM_ENOMEM, _("out of memory"));
		}
	}
	free(r->fields);
	r->fields = malloc(r->nfields * sizeof(*r->fields));
	if (!r->fields) {
		return csv_fail(r, CRM_ENOMEM, _("out of memory"));
	}
	for (size_t i = 0; i < r->nfields; i++) {
		const char *f = r->buf + r->offs[i];

		if (!crm_utf8_valid(f, strlen(f))) {
			return csv_fail(r, CRM_EDATA, _("field %zu is not valid UTF-8 text (from a "
					"Russian Excel? convert it first: iconv -f WINDOWS-1251 -t "
					"UTF-8 FILE > FILE.utf8.csv)"), i + 1);
		}
		r->fields[i] = f;
	}
	*fields = r->fields;
	*n = r->nfields;
	return CRM_OK;
}
