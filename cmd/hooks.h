/*
 * hooks.h: git-style hooks. A command that changes the base declares its
 * event and hands over its record once its core call succeeded, inside
 * the write transaction: the pre- hook runs there and then, the post- hook
 * after the dispatcher committed. Each hook gets one JSON object on stdin:
 * {"event", "actor", "time", "record", and for edits "before", "after"}.
 */
#ifndef CRM_HOOKS_H
#define CRM_HOOKS_H

#include <stdbool.h>
#include <stdint.h>

#include "commands.h"

struct entity;

/* The events, in the order crm hooks list gives them; NULL-terminated. */
extern const char *const hook_events[];

/* The folder of hooks (malloc'd): core.hooksPath, else
 * $XDG_CONFIG_HOME/crm/hooks, else ~/.config/crm/hooks. */
char *hooks_dir(struct crm_ctx *ctx);
/* The path of the hook when ("pre", "post") of event (malloc'd), or NULL. */
char *hook_path(struct crm_ctx *ctx, const char *when, const char *event);
/* 1: an executable file, 0: none, -1: a file that is not executable. */
int hook_state(const char *path);

/* Whether a pre- or post- hook file exists for event (executable or not). */
bool hook_wanted(struct crm_ctx *ctx, const char *event);

/*
 * Declares the command's event with its record (JSON text; before, the
 * record as it was, for edits, else NULL): runs the pre- hook now, unless
 * --no-verify, and keeps the event for the post- hook. Returns 0, or 4
 * when the pre- hook refused the command (the error and the hint are
 * printed): the handler returns it, and nothing is written.
 */
int hook_event(struct crm_ctx *ctx, const char *event, const char *record, const char *before);

/* Declares the event and its record for the post- hook only (audit). */
void hook_declare(const char *event, const char *record, const char *before);

/* hook_event with the record of entity en as its --format json shows it. */
int hook_entity(struct crm_ctx *ctx, const char *event, const struct entity *en, int64_t id,
		const char *before);

/* The record of entity en as one JSON object (malloc'd), when a hook of
 * event exists; else, or when it cannot be read, NULL. For "before". */
char *hook_entity_json(struct crm_ctx *ctx, const char *event, const struct entity *en,
		       int64_t id);

/* Replaces the record the post- hook gets (erase: the client erased). */
void hook_set_record(const char *record);

/* Runs the post- hook of the declared event, if any (the dispatcher, after
 * the commit of a command that succeeded); a failure is a warning. */
void hooks_post(struct crm_ctx *ctx);

/* Forgets the declared event (a rollback). */
void hooks_reset(void);

#endif
