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

/*
 * A nested JSON array for show and export: rows emitted into it render as
 * compact JSON; nested_finish returns the array text (malloc'd, "[]" when
 * empty) and destroys the emitter, or NULL on failure.
 */
struct emitter *nested_create(const struct emit_col *cols, size_t ncols);
char *nested_finish(struct emitter *e);

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
