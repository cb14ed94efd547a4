/*
 * emit-json.c: json (an array, or one bare object with EMIT_SINGLE) and
 * ndjson (one object per line). Each row is built as a cJSON object,
 * printed and freed, so memory stays constant in the number of rows.
 */
#include <errno.h>

#include <cjson/cJSON.h>

#include "emit-private.h"
#include "banned.h"

static cJSON *json_value(const struct emit_col *col, const struct emit_cell *c)
{
	char buf[EMIT_SCALAR_MAX];

	if (c->null) {
		return cJSON_CreateNull();
	}
	switch (col->type) {
	case EMIT_INT:  /* raw decimal text: a cJSON number is a double */
		return cJSON_CreateRaw(emit_scalar(EMIT_INT, c->i, buf));
	case EMIT_BOOL:
		return cJSON_CreateBool(c->i != 0);
	case EMIT_DATE:
	case EMIT_TIME:
	case EMIT_MONEY:
		return cJSON_CreateString(emit_scalar(col->type, c->i, buf));
	case EMIT_STR:
		return cJSON_CreateString(c->s);
	case EMIT_JSON:
	case EMIT_LIST:
		return cJSON_CreateRaw(c->s);
	}
	return cJSON_CreateNull();
}

static void json_row(struct emitter *e)
{
	cJSON *obj = cJSON_CreateObject();
	bool array = e->fmt == EMIT_FMT_JSON && !(e->flags & EMIT_SINGLE);
	char *text;

	for (size_t i = 0; i < e->ncols && obj != NULL; i++) {
		cJSON *v = json_value(&e->cols[i], &e->cells[i]);

		if (!cJSON_AddItemToObjectCS(obj, e->cols[i].key, v)) {
			cJSON_Delete(v);
			cJSON_Delete(obj);
			obj = NULL;
		}
	}
	text = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (text == NULL) {
		e->err = ENOMEM;
		return;
	}
	if (array) {
		fputs(e->count == 0 ? "[\n" : ",\n", e->out);
	}
	fputs(text, e->out);
	if (!array) {
		putc('\n', e->out);
	}
	cJSON_free(text);
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
