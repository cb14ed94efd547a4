/*
 * emit-private.h: what emit.c shares with its backends (emit-table.c,
 * emit-json.c, emit-csv.c). emit.c collects the values of one row, in
 * output order, and hands the row to the backend's vtable at emit_end.
 */
#ifndef CRM_EMIT_PRIVATE_H
#define CRM_EMIT_PRIVATE_H

#include "crm/i18n.h"
#include "emit.h"

/* A growable NUL-terminated byte buffer; oom sticks after a failed grow. */
struct ebuf {
	char *p;
	size_t len, cap;
	bool oom;
};

void ebuf_add(struct ebuf *b, const char *s, size_t n);
void ebuf_adds(struct ebuf *b, const char *s);
void ebuf_reset(struct ebuf *b);  /* empty, but p is a valid string */
void ebuf_release(struct ebuf *b);

/*
 * One value of the current row. s is the text of STR, JSON, LIST, ROWS
 * and MAP: a copy in the row's arena, set when the row ends.
 */
struct emit_cell {
	bool null;
	bool text;     /* s is at off in the arena */
	int64_t i;     /* INT, DATE, TIME, MONEY; BOOL as 0 or 1 */
	bool day;      /* a TIME column's value that is a date (emit_when) */
	size_t off;
	const char *s; /* JSON and LIST are minified */
};

struct emit_ops {
	int (*init)(struct emitter *e);     /* may be NULL; -1 on ENOMEM */
	void (*row)(struct emitter *e);     /* e->cells holds the row */
	void (*finish)(struct emitter *e);  /* may be NULL */
	void (*release)(struct emitter *e); /* may be NULL; frees e->priv */
};

struct emitter {
	const struct emit_ops *ops;
	FILE *out;
	unsigned flags;
	enum emit_format fmt;
	size_t ncols;            /* selected columns */
	struct emit_col *cols;   /* the selected columns, in output order */
	struct emit_cell *cells; /* the current row, in output order */
	const struct emit_col *src; /* the caller's columns (borrowed) */
	size_t nsrc;             /* their count: values per row */
	long *slot;              /* caller's column -> output index, or -1 */
	size_t next;             /* caller's column the next value is for */
	size_t count;            /* rows ended */
	int err;                 /* first errno seen; output stops after it */
	struct ebuf tmp;         /* scratch for backends, reset per use */
	struct ebuf arena;       /* the text values of the current row */
	struct ebuf extra;       /* the row's undeclared keys as JSON: ,"k":v */
	const char *key;         /* emit_key: the key of the next value */
	enum emit_type key_type;
	/* documents: a list or map of rows inside a row of parent */
	struct emitter *parent;
	struct emitter *subs;    /* the lists and maps of this emitter, reused */
	struct emitter *sibling; /* the next in parent->subs */
	struct emitter *open;    /* the list or map being written */
	const char *sub_fields;  /* the fields it was made with */
	bool is_map;
	struct ebuf doc;         /* JSON of a list or map; a top row's line */
	void *priv;              /* backend state */
};

/* Appends the JSON of a value of type t (not ROWS or MAP) to b. */
void emit_json_value(struct ebuf *b, enum emit_type t, bool null, int64_t i, const char *s);
/* Appends s as a JSON string, escaped as cJSON does. */
void emit_json_string(struct ebuf *b, const char *s);

/* Longest text emit_scalar writes, with its NUL. */
#define EMIT_SCALAR_MAX 32

/*
 * Text of a non-null INT, BOOL (true/false), DATE, TIME (ISO 8601 with Z)
 * or MONEY value, written into buf of EMIT_SCALAR_MAX bytes. Returns buf.
 */
const char *emit_scalar(enum emit_type t, int64_t v, char *buf);

/*
 * Text of cell i of the current row as csv and tsv show it: NULL for null,
 * the text of STR and JSON, a LIST joined (in e->tmp), emit_scalar else.
 */
const char *emit_text(struct emitter *e, size_t i, char *buf);
/* money as the user's locale writes numbers (emit_number_style), for tables */
const char *emit_money_text(int64_t cents, char *buf);

/* emit_table_width's value, for emit-table.c */
size_t emit_table_width_get(void);

/* Appends the items of a JSON array of strings to b: for people (data
 * false) joined by ','; for CSV and TSV (data true) joined by ';', with a
 * '\\' before each ';' and '\\' inside an item, so that no item splits. */
void emit_list_join(struct ebuf *b, const char *json, bool data);

extern const struct emit_ops emit_table_ops, emit_json_ops, emit_csv_ops;

#endif
