/*
 * emit.c: the emitter front end. It applies --fields, collects the values
 * of a row in output order and hands each finished row to a backend.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm/crm.h"
#include "emit-private.h"
#include "banned.h"

/* ---- small buffer ---------------------------------------------------- */

void ebuf_add(struct ebuf *b, const char *s, size_t n)
{
	if (b->oom) {
		return;
	}
	if (n >= b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (n >= cap - b->len) {
			cap *= 2;
		}
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void ebuf_adds(struct ebuf *b, const char *s)
{
	ebuf_add(b, s, strlen(s));
}

void ebuf_reset(struct ebuf *b)
{
	b->len = 0;
	ebuf_add(b, "", 0);
}

void ebuf_release(struct ebuf *b)
{
	free(b->p);
	*b = (struct ebuf){ 0 };
}

/* ---- value text shared by the backends ------------------------------- */

const char *emit_scalar(enum emit_type t, int64_t v, char *buf)
{
	switch (t) {
	case EMIT_BOOL:
		snprintf(buf, EMIT_SCALAR_MAX, "%s", v ? "true" : "false");
		break;
	case EMIT_DATE:
		crm_date_format(v, buf, EMIT_SCALAR_MAX);
		break;
	case EMIT_TIME:
		crm_time_format(v, buf, EMIT_SCALAR_MAX);
		break;
	case EMIT_MONEY:
		crm_money_format(v, buf, EMIT_SCALAR_MAX);
		break;
	default:
		snprintf(buf, EMIT_SCALAR_MAX, "%" PRId64, v);
		break;
	}
	return buf;
}

/* s with a backslash before each ';' and '\\' (a list item in CSV and TSV) */
static void add_escaped(struct ebuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ';' || *s == '\\') {
			ebuf_add(b, "\\", 1);
		}
		ebuf_add(b, s, 1);
	}
}

void emit_list_join(struct ebuf *b, const char *json, bool data)
{
	cJSON *list = cJSON_Parse(json);
	const cJSON *item;
	bool first = true;

	if (!cJSON_IsArray(list)) {
		ebuf_adds(b, json);  /* not a list: show it as given */
		cJSON_Delete(list);
		return;
	}
	cJSON_ArrayForEach(item, list) {
		if (!first) {
			ebuf_add(b, data ? ";" : ",", 1);
		}
		first = false;
		if (cJSON_IsString(item) && data) {
			add_escaped(b, item->valuestring);
		} else if (cJSON_IsString(item)) {
			ebuf_adds(b, item->valuestring);
		} else {
			char *text = cJSON_PrintUnformatted(item);

			if (text == NULL) {
				b->oom = true;
				break;
			}
			ebuf_adds(b, text);
			cJSON_free(text);
		}
	}
	cJSON_Delete(list);
}

const char *emit_text(struct emitter *e, size_t i, char *buf)
{
	const struct emit_cell *c = &e->cells[i];

	if (c->null) {
		return NULL;
	}
	if (e->cols[i].type == EMIT_LIST) {
		ebuf_reset(&e->tmp);
		/* CSV and TSV keep every item whole: "a;b" is two, "a\\;b" one */
		emit_list_join(&e->tmp, c->s, e->fmt == EMIT_FMT_CSV || e->fmt == EMIT_FMT_TSV);
		return e->tmp.oom ? NULL : e->tmp.p;
	}
	return c->s != NULL ? c->s : emit_scalar(c->day ? EMIT_DATE : e->cols[i].type, c->i, buf);
}

/* ---- creation and --fields ------------------------------------------- */

static unsigned default_flags;
static char num_group[8], num_decimal[8];
static size_t table_width;

void emit_default_flags(unsigned flags)
{
	default_flags |= flags;
}

void emit_table_width(size_t width)
{
	table_width = width;
}

size_t emit_table_width_get(void)
{
	return table_width;
}

void emit_number_style(const char *group, const char *decimal)
{
	snprintf(num_group, sizeof(num_group), "%s", group ? group : "");
	snprintf(num_decimal, sizeof(num_decimal), "%s", decimal ? decimal : "");
}

void emit_number_signs(const char **group, const char **decimal)
{
	*group = num_group;
	*decimal = *num_decimal ? num_decimal : ".";
}

const char *emit_money_text(int64_t cents, char *buf)
{
	if (!*num_decimal) {
		return crm_money_format(cents, buf, EMIT_SCALAR_MAX);
	}
	return crm_money_format_grouped(cents, num_group, num_decimal, buf, EMIT_SCALAR_MAX);
}

static const struct emit_ops *const format_ops[] = {
	[EMIT_FMT_TABLE] = &emit_table_ops,
	[EMIT_FMT_JSON] = &emit_json_ops,
	[EMIT_FMT_NDJSON] = &emit_json_ops,
	[EMIT_FMT_CSV] = &emit_csv_ops,
	[EMIT_FMT_TSV] = &emit_csv_ops,
};

static const char *const format_names[] = {
	[EMIT_FMT_TABLE] = "table",
	[EMIT_FMT_JSON] = "json",
	[EMIT_FMT_NDJSON] = "ndjson",
	[EMIT_FMT_CSV] = "csv",
	[EMIT_FMT_TSV] = "tsv",
	[EMIT_FMT_VCARD] = "vcard",
	[EMIT_FMT_ICS] = "ics",
	[EMIT_FMT_HTML] = "html",
};

int emit_format_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (s != NULL && strcmp(s, format_names[i]) == 0) {
			return (int)i;
		}
	}
	return -1;
}

const char *emit_format_name(enum emit_format fmt)
{
	return (size_t)fmt < sizeof(format_names) / sizeof(format_names[0]) ? format_names[fmt] : "?";
}

/* Appends s to the text already in errbuf, truncating. */
static void err_add(char *errbuf, size_t errlen, const char *s)
{
	size_t used;

	if (errbuf == NULL || errlen == 0) {
		return;
	}
	used = strnlen(errbuf, errlen - 1);
	snprintf(errbuf + used, errlen - used, "%s", s);
}

/* "<what> '<name>' (valid: id, name, tier)" into errbuf; name may be NULL. */
static void field_error(char *errbuf, size_t errlen, const char *what,
			const char *name, const struct emit_col *cols, size_t ncols)
{
	err_add(errbuf, errlen, what);
	if (name != NULL) {
		err_add(errbuf, errlen, " '");
		err_add(errbuf, errlen, name);
		err_add(errbuf, errlen, "'");
	}
	for (size_t i = 0; i < ncols; i++) {
		err_add(errbuf, errlen, i == 0 ? " (valid: " : ", ");
		err_add(errbuf, errlen, cols[i].key);
	}
	err_add(errbuf, errlen, ")");
}

/*
 * Fills e->slot and e->cols from the --fields list; -1 with a message in
 * errbuf on an empty, unknown or repeated name.
 */
static int select_fields(struct emitter *e, const struct emit_col *cols,
			 const char *fields, char *errbuf, size_t errlen)
{
	const char *p = fields, *end;

	do {
		char name[64];
		size_t i, n;

		end = p + strcspn(p, ",");
		p += strspn(p, " ");
		n = (size_t)(end - p);
		while (n > 0 && p[n - 1] == ' ') {
			n--;
		}
		if (n == 0) {
			field_error(errbuf, errlen, "empty field name in --fields",
				    NULL, cols, e->nsrc);
			return -1;
		}
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		for (i = 0; i < e->nsrc; i++) {
			if (strncmp(cols[i].key, p, n) == 0 && cols[i].key[n] == '\0') {
				break;
			}
		}
		if (i == e->nsrc || e->slot[i] >= 0) {
			field_error(errbuf, errlen, i == e->nsrc ? "unknown field" :
				    "duplicate field", name, cols, e->nsrc);
			return -1;
		}
		e->slot[i] = (long)e->ncols;
		e->cols[e->ncols++] = cols[i];
		p = end + 1;
	} while (*end != '\0');
	return 0;
}

struct emitter *emit_create(enum emit_format fmt, FILE *out,
			    const struct emit_col *cols, size_t ncols,
			    const char *fields, unsigned flags,
			    char *errbuf, size_t errlen)
{
	struct emitter *e;

	if (errbuf != NULL && errlen > 0) {
		errbuf[0] = '\0';
	}
	if ((unsigned)fmt >= sizeof(format_ops) / sizeof(format_ops[0]) || !format_ops[fmt]) {
		err_add(errbuf, errlen, _("this command writes table, json, ndjson, csv or tsv"));
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (e == NULL) {
		goto nomem;
	}
	e->ops = format_ops[fmt];
	e->fmt = fmt;
	e->out = out;
	e->flags = flags | default_flags;
	e->src = cols;
	e->nsrc = ncols;
	e->cols = calloc(ncols + 1, sizeof(*e->cols));
	e->cells = calloc(ncols + 1, sizeof(*e->cells));
	e->slot = calloc(ncols + 1, sizeof(*e->slot));
	if (e->cols == NULL || e->cells == NULL || e->slot == NULL) {
		goto nomem;
	}
	for (size_t i = 0; i < ncols; i++) {
		e->cells[i].null = true;
		e->slot[i] = fields != NULL ? -1 : (long)i;
		if (fields == NULL) {
			e->cols[e->ncols++] = cols[i];
		}
	}
	if (fields != NULL && select_fields(e, cols, fields, errbuf, errlen) < 0) {
		emit_destroy(e);
		return NULL;
	}
	if (e->ops->init != NULL && e->ops->init(e) < 0) {
		goto nomem;
	}
	return e;
nomem:
	emit_destroy(e);
	err_add(errbuf, errlen, strerror(ENOMEM));
	return NULL;
}

static void clear_row(struct emitter *e)
{
	for (size_t i = 0; i < e->ncols; i++) {
		e->cells[i] = (struct emit_cell){ .null = true };
	}
	e->next = 0;
	e->arena.len = 0;
	e->extra.len = 0;
	e->key = NULL;
}

void emit_destroy(struct emitter *e)
{
	if (e == NULL) {
		return;
	}
	if (e->ops != NULL && e->ops->release != NULL) {
		e->ops->release(e);
	}
	while (e->subs != NULL) {
		struct emitter *sub = e->subs;

		e->subs = sub->sibling;
		emit_destroy(sub);
	}
	ebuf_release(&e->tmp);
	ebuf_release(&e->arena);
	ebuf_release(&e->extra);
	ebuf_release(&e->doc);
	free(e->cols);
	free(e->cells);
	free(e->slot);
	free(e);
}

/* ---- values ---------------------------------------------------------- */

static bool is_text(enum emit_type t)
{
	return t == EMIT_STR || t == EMIT_JSON || t == EMIT_LIST || t == EMIT_ROWS ||
	       t == EMIT_MAP;
}

/* A value for the key of emit_key: its JSON goes to the row's extra keys. */
static void key_value(struct emitter *e, bool null, int64_t i, const char *s)
{
	if (e->fmt == EMIT_FMT_JSON || e->fmt == EMIT_FMT_NDJSON || e->parent != NULL) {
		ebuf_add(&e->extra, ",", 1);
		emit_json_string(&e->extra, e->key);
		ebuf_add(&e->extra, ":", 1);
		if (e->key_type == EMIT_ROWS || e->key_type == EMIT_MAP) {
			ebuf_adds(&e->extra, s != NULL ? s : "null");
		} else {
			emit_json_value(&e->extra, e->key_type, null, i, s);
		}
	}
	e->key = NULL;
}

/*
 * The cell of the next value, or NULL when --fields dropped its column.
 * text tells the kind of value: 1 text, 0 a number, -1 null. A value of
 * the wrong kind for its column is a bug of the caller: it becomes null.
 */
static struct emit_cell *next_cell(struct emitter *e, int text)
{
	size_t i = e->next++;

	assert(i < e->nsrc && "more values than columns");
	assert((text < 0 || is_text(e->src[i].type) == text) &&
	       "value does not match the column type");
	if (i >= e->nsrc || (text >= 0 && is_text(e->src[i].type) != text)) {
		return NULL;
	}
	return e->slot[i] < 0 ? NULL : &e->cells[e->slot[i]];
}

static void set_int(struct emitter *e, int64_t v)
{
	struct emit_cell *c;

	if (e->key != NULL) {
		key_value(e, false, v, NULL);
		return;
	}
	c = next_cell(e, 0);

	if (c != NULL) {
		c->null = false;
		c->i = v;
		c->day = false;
	}
}

/*
 * A copy of s in the next cell (or the pending key); JSON text is
 * minified so that it stays one line, unless raw says it already is.
 */
static void set_text(struct emitter *e, const char *s, bool json, bool raw)
{
	struct emit_cell *c;
	char *copy;

	if (e->key != NULL) {
		if (json && !raw && s != NULL) {
			size_t off = e->arena.len;

			ebuf_add(&e->arena, s, strlen(s) + 1);
			if (e->arena.oom) {
				e->err = ENOMEM;
				return;
			}
			copy = e->arena.p + off;
			cJSON_Minify(copy);
			key_value(e, copy[0] == '\0', 0, copy);
			return;
		}
		key_value(e, s == NULL, 0, s);
		return;
	}
	c = next_cell(e, 1);
	if (c == NULL || s == NULL) {
		return;
	}
	c->off = e->arena.len;
	ebuf_add(&e->arena, s, strlen(s) + 1);
	if (e->arena.oom) {
		e->err = ENOMEM;
		return;
	}
	c->text = true;
	if (json && !raw) {
		copy = e->arena.p + c->off;
		cJSON_Minify(copy);
		c->null = copy[0] == '\0';
	} else {
		c->null = false;
	}
}

void emit_begin(struct emitter *e)
{
	clear_row(e);
}

void emit_int(struct emitter *e, int64_t v)
{
	set_int(e, v);
}

void emit_str(struct emitter *e, const char *s)
{
	set_text(e, s, false, false);
}

void emit_bool(struct emitter *e, bool v)
{
	set_int(e, v);
}

void emit_date(struct emitter *e, int64_t t)
{
	set_int(e, t);
}

void emit_when(struct emitter *e, int64_t t, bool timed)
{
	struct emit_cell *c;

	if (e->key != NULL) {
		if (!timed) {
			e->key_type = EMIT_DATE;
		}
		key_value(e, false, t, NULL);
		return;
	}
	c = next_cell(e, 0);
	if (c != NULL) {
		c->null = false;
		c->i = t;
		c->day = !timed;
	}
}

void emit_money(struct emitter *e, int64_t cents)
{
	set_int(e, cents);
}

void emit_json(struct emitter *e, const char *json)
{
	set_text(e, json, true, false);
}

void emit_null(struct emitter *e)
{
	if (e->key != NULL) {
		key_value(e, true, 0, NULL);
		return;
	}
	next_cell(e, -1);
}

/* ---- documents ------------------------------------------------------- */

static struct emitter *begin_doc(struct emitter *e, const struct emit_col *cols, size_t ncols,
				 const char *fields, bool map)
{
	struct emitter *sub;
	char err[512];

	assert(e->open == NULL && "a list or map of this row is already open");
	for (sub = e->subs; sub != NULL; sub = sub->sibling) {
		if (sub->src == cols && sub->nsrc == ncols && sub->sub_fields == fields) {
			break;
		}
	}
	if (sub == NULL) {
		sub = emit_create(EMIT_FMT_NDJSON, NULL, cols, ncols, fields, 0, err, sizeof(err));
		assert(sub != NULL && "bad fields of a list or map");
		if (sub == NULL) {
			e->err = e->err ? e->err : ENOMEM;
			return NULL;
		}
		sub->parent = e;
		sub->sub_fields = fields;
		sub->sibling = e->subs;
		e->subs = sub;
	}
	sub->is_map = map;
	sub->count = 0;
	sub->err = 0;
	ebuf_reset(&sub->doc);
	if (!map) {
		ebuf_add(&sub->doc, "[", 1);
	}
	clear_row(sub);
	e->open = sub;
	return sub;
}

/* The open list or map becomes the next value of e. */
static void end_doc(struct emitter *e)
{
	struct emitter *sub = e->open;

	/* none open: a bug, or a begin that failed for memory (e->err set) */
	assert((sub != NULL || e->err != 0) && "no list or map is open");
	if (sub == NULL) {
		return;
	}
	e->open = NULL;
	if (!sub->is_map) {
		ebuf_add(&sub->doc, "]", 1);
	}
	if (sub->doc.oom || sub->err != 0) {
		e->err = e->err ? e->err : (sub->err ? sub->err : ENOMEM);
		return;
	}
	if (sub->is_map && sub->count == 0) {
		emit_null(e); /* a map without its row */
		return;
	}
	set_text(e, sub->doc.p, true, true);
}

struct emitter *emit_begin_list(struct emitter *e, const struct emit_col *cols, size_t ncols,
				const char *fields)
{
	return begin_doc(e, cols, ncols, fields, false);
}

void emit_end_list(struct emitter *e)
{
	end_doc(e);
}

struct emitter *emit_begin_map(struct emitter *e, const struct emit_col *cols, size_t ncols,
			       const char *fields)
{
	return begin_doc(e, cols, ncols, fields, true);
}

void emit_end_map(struct emitter *e)
{
	end_doc(e);
}

void emit_key(struct emitter *e, const char *key, enum emit_type t)
{
	e->key = key;
	e->key_type = t;
}

void emit_int_or_null(struct emitter *e, int64_t v)
{
	if (v) {
		emit_int(e, v);
	} else {
		emit_null(e);
	}
}

void emit_date_or_null(struct emitter *e, int64_t t)
{
	if (t) {
		emit_date(e, t);
	} else {
		emit_null(e);
	}
}

void emit_end(struct emitter *e)
{
	for (size_t i = 0; i < e->ncols; i++) {
		struct emit_cell *c = &e->cells[i];

		c->s = c->text && !e->arena.oom ? e->arena.p + c->off : NULL;
	}
	if (e->err == 0 && (e->arena.oom || e->extra.oom)) {
		e->err = ENOMEM;
	}
	if (e->err == 0) {
		e->ops->row(e);
		if (e->tmp.oom || e->doc.oom) {
			e->err = ENOMEM;
		} else if (e->out != NULL && ferror(e->out)) {
			e->err = errno ? errno : EIO;
		}
	}
	e->count++;
	clear_row(e);
}

int emit_finish(struct emitter *e)
{
	if (e->err == 0 && e->ops->finish != NULL) {
		e->ops->finish(e);
		if (e->tmp.oom) {
			e->err = ENOMEM;
		}
	}
	if (fflush(e->out) != 0 && e->err == 0) {
		e->err = errno;
	}
	if (ferror(e->out) && e->err == 0) {
		e->err = errno ? errno : EIO;
	}
	if (e->err != 0) {
		errno = e->err;
		return -1;
	}
	return 0;
}

size_t emit_count(const struct emitter *e)
{
	return e->count;
}
