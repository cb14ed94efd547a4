/*
 * emit-json.c: json (an array, or one bare object with EMIT_SINGLE) and
 * ndjson (one object per line), and the lists and maps of documents. Each
 * row is written as JSON text straight into a buffer, escaped as cJSON
 * escapes, and the buffer is reused: memory stays constant in the number
 * of rows, and no row is built as a tree.
 */
#include <errno.h>
#include <string.h>

#include "emit-private.h"
#include "banned.h"

void emit_json_string(struct ebuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;

	ebuf_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], '\0' };
		const char *esc = u;

		if (c >= 32 && c != '"' && c != '\\') {
			continue;
		}
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			break;
		}
		ebuf_add(b, run, (size_t)(s - run));
		ebuf_adds(b, esc);
		run = s + 1;
	}
	ebuf_add(b, run, (size_t)(s - run));
	ebuf_add(b, "\"", 1);
}

void emit_json_value(struct ebuf *b, enum emit_type t, bool null, int64_t i, const char *s)
{
	char buf[EMIT_SCALAR_MAX];

	if (null) {
		ebuf_add(b, "null", 4);
		return;
	}
	switch (t) {
	case EMIT_INT:  /* raw decimal text: exact above 2^53 */
	case EMIT_BOOL:
		ebuf_adds(b, emit_scalar(t, i, buf));
		break;
	case EMIT_DATE:
	case EMIT_TIME:
	case EMIT_MONEY:
		emit_json_string(b, emit_scalar(t, i, buf));
		break;
	case EMIT_STR:
		emit_json_string(b, s != NULL ? s : "");
		break;
	case EMIT_JSON:  /* minified JSON text */
	case EMIT_LIST:
	case EMIT_ROWS:
	case EMIT_MAP:
		ebuf_adds(b, s != NULL ? s : "null");
		break;
	}
}

/* The current row as one JSON object, appended to b. */
static void put_object(struct emitter *e, struct ebuf *b)
{
	ebuf_add(b, "{", 1);
	for (size_t i = 0; i < e->ncols; i++) {
		const struct emit_cell *c = &e->cells[i];

		if (i > 0) {
			ebuf_add(b, ",", 1);
		}
		emit_json_string(b, e->cols[i].key);
		ebuf_add(b, ":", 1);
		emit_json_value(b, c->day ? EMIT_DATE : e->cols[i].type, c->null, c->i, c->s);
	}
	if (e->extra.len > 0) {
		/* undeclared keys: ",k:v..." without the comma when no column came first */
		size_t skip = e->ncols == 0;

		ebuf_add(b, e->extra.p + skip, e->extra.len - skip);
	}
	ebuf_add(b, "}", 1);
}

static void json_row(struct emitter *e)
{
	bool array = e->fmt == EMIT_FMT_JSON && !(e->flags & EMIT_SINGLE);

	if (e->parent != NULL) {
		/* a row of a list or the row of a map: into the document */
		if (e->is_map) {
			ebuf_reset(&e->doc);
		} else if (e->count > 0) {
			ebuf_add(&e->doc, ",", 1);
		}
		put_object(e, &e->doc);
		return;
	}
	ebuf_reset(&e->doc);
	if (array) {
		ebuf_adds(&e->doc, e->count == 0 ? "[\n" : ",\n");
	}
	put_object(e, &e->doc);
	if (!array) {
		ebuf_add(&e->doc, "\n", 1);
	}
	if (!e->doc.oom) {
		fwrite(e->doc.p, 1, e->doc.len, e->out);
	}
}

static void json_finish(struct emitter *e)
{
	if (e->fmt == EMIT_FMT_NDJSON) {
		return;
	}
	if (e->flags & EMIT_SINGLE) {
		if (e->count == 0) {
			fputs("null\n", e->out);
		}
		return;
	}
	fputs(e->count == 0 ? "[]\n" : "\n]\n", e->out);
}

const struct emit_ops emit_json_ops = {
	.row = json_row,
	.finish = json_finish,
};
