/*
 * rows.h: how each record of the client sheet is described to the
 * emitter, shared by list, show, log and export. Each entity's columns and
 * row function live in the cmd file of that entity.
 */
#ifndef CRM_ROWS_H
#define CRM_ROWS_H

#include "commands.h"
#include "opts.h"

extern const struct emit_col manager_cols[];
extern const size_t manager_ncols;
void emit_manager(struct emitter *e, const struct crm_manager *m);

extern const struct emit_col client_cols[];
extern const size_t client_ncols;
void emit_client(struct emitter *e, const struct crm_client *c);
/* The values of client_cols, without begin and end: for documents. */
void client_values(struct emitter *e, const struct crm_client *c);

extern const struct emit_col contact_cols[];
extern const size_t contact_ncols;
void emit_contact(struct emitter *e, const struct crm_contact *c);

extern const struct emit_col interaction_cols[];
extern const size_t interaction_ncols;
void emit_interaction(struct emitter *e, const struct crm_interaction *i);

extern const struct emit_col promise_cols[];
extern const size_t promise_ncols;
void emit_promise(struct emitter *e, const struct crm_promise *p);

extern const struct emit_col incident_cols[];
extern const size_t incident_ncols;
void emit_incident(struct emitter *e, const struct crm_incident *i);

extern const struct emit_col next_cols[];
extern const size_t next_ncols;
void emit_next(struct emitter *e, const struct crm_next_action *n);

extern const struct emit_col handover_cols[];
extern const size_t handover_ncols;
void emit_handover(struct emitter *e, const struct crm_handover *h);

/* The records of a client sheet, in the order show and export give them. */
enum sheet_part_id {
	SHEET_CONTACTS,
	SHEET_PROMISES,
	SHEET_INCIDENTS,
	SHEET_NEXT,
	SHEET_INTERACTIONS,
	SHEET_HANDOVERS,
	SHEET_NPARTS,
};

struct sheet_part {
	const char *key;          /* the JSON key of its list */
	const char *title;        /* its section in show's table */
	const struct emit_col *cols;
	const size_t *ncols;
	const char *table_fields; /* the columns of that section */
};

extern const struct sheet_part sheet_parts[SHEET_NPARTS];

enum sheet_flags {
	SHEET_EVERY = 1u << 0,            /* export: every record, as the queries order them */
	SHEET_CLOSED_AFTER = 1u << 1,     /* closed promises and incidents after the open */
	SHEET_ALL_INTERACTIONS = 1u << 2, /* not only the latest 20 */
};

/* The rows of part p of a client into e: open promises and incidents
 * only, unless flags say otherwise. Returns CRM_DONE when all went. */
crm_status sheet_rows(struct crm_db *db, int64_t client_id, enum sheet_part_id p,
		      unsigned flags, struct emitter *e);

struct sheet_opts {
	unsigned flags;                    /* enum sheet_flags */
	bool keyed;                        /* as keys the row's columns do not declare */
	size_t nparts;                     /* the first nparts parts */
	const char *fields[SHEET_NPARTS];  /* the columns of each list (NULL: all) */
};

/* The first o->nparts parts of a client as lists, the next values of e. */
crm_status sheet_lists(struct crm_db *db, int64_t client_id, const struct sheet_opts *o,
		       struct emitter *e);

/*
 * An entity as cmd/ shows it, described once beside its columns and row
 * function: list, the record after a change and ids typed by the user go
 * through it. query gives the rows of a filter, or with id the one record.
 */
struct entity {
	const char *noun;         /* "next action": in messages */
	const char *list_cmd;     /* "crm next list": the command that shows ids */
	const struct emit_col *cols;
	const size_t *ncols;
	const char *table_fields; /* a table's columns unless --fields (NULL: all) */
	crm_status (*query)(struct crm_db *db, const void *filter, int64_t id, void **it);
	crm_status (*next)(void *it, const void **row);
	void (*destroy)(void *it);
	void (*emit)(struct emitter *e, const void *row);
};

/*
 * The query, next, destroy and emit of struct entity for the entity
 * name (crm_<name>_query over struct crm_<name>_filter with an id member,
 * its iterator, and emit_fn over its row type).
 */
#define ENTITY_FUNCTIONS(name, row_t, emit_fn) \
	static crm_status name##_query_(struct crm_db *db, const void *filter, int64_t id, \
					void **it) \
	{ \
		struct crm_##name##_filter one = { .id = id }; \
		struct crm_##name##_iter *i = NULL; \
		crm_status st = crm_##name##_query(db, id ? &one : filter, &i); \
\
		*it = i; \
		return st; \
	} \
	static crm_status name##_next_(void *it, const void **row) \
	{ \
		const struct row_t *r = NULL; \
		crm_status st = crm_##name##_iter_next(it, &r); \
\
		*row = r; \
		return st; \
	} \
	static void name##_destroy_(void *it) \
	{ \
		crm_##name##_iter_destroy(it); \
	} \
	static void name##_emit_(struct emitter *e, const void *row) \
	{ \
		emit_fn(e, row); \
	}

#define ENTITY_INIT(name) \
	.query = name##_query_, .next = name##_next_, .destroy = name##_destroy_, \
	.emit = name##_emit_

extern const struct entity client_entity, contact_entity, promise_entity, incident_entity,
	next_entity, interaction_entity, handover_entity;

/* An emitter of the entity's columns, a table of its table_fields unless
 * --fields; on an unknown field prints the error and returns NULL. */
struct emitter *entity_emitter(struct crm_ctx *ctx, const struct entity *en, unsigned flags);

/* The rows filter selects, in ctx's format; returns the exit code. */
int entity_list(struct crm_ctx *ctx, const struct entity *en, const void *filter,
		unsigned flags);

/*
 * The record after a change: its id (print_id) or nothing in the table
 * format, the record as one object in the others. check, when not NULL,
 * sees the record first (to warn). Returns the exit code.
 */
int entity_after(struct crm_ctx *ctx, const struct entity *en, int64_t id, bool print_id,
		 void (*check)(struct crm_ctx *ctx, const void *row, void *data), void *data);

/* An id typed by the user: digits only, else a usage error naming the
 * command that shows them. */
bool arg_id(const struct entity *en, const char *const *usage, const char *s, int64_t *id);

/*
 * References typed by the user: print the error (with candidates when
 * ambiguous) and return the exit code, or 0 with *id set.
 */
int ref_client(struct crm_ctx *ctx, const char *ref, int64_t *id);
int ref_manager(struct crm_ctx *ctx, const char *ref, int64_t *id);
int ref_contact(struct crm_ctx *ctx, const char *ref, int64_t *id);

/*
 * Values typed on the command line, checked before anything is written:
 * each prints a usage error naming the option and returns false when bad.
 */
bool arg_money(const char *const *usage, const char *opt, const char *s, int64_t *cents);
bool arg_word(const char *const *usage, const char *opt, const char *s,
	      const char *const *words);
/* A list edit over the items of one or two repeatable options. */
struct crm_list_edit list_edit(const struct strlist *add, const struct strlist *remove);

/* Asks "question [y/N]" on the terminal; true on yes. Without a terminal
 * on stdin, or with assume_yes, returns true without asking. */
bool confirm(struct crm_ctx *ctx, bool assume_yes, const char *question);

#endif
