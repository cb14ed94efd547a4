/*
 * pager.h: long output on a terminal through a pager, as git does.
 */
#ifndef CRM_PAGER_H
#define CRM_PAGER_H

struct crm_ctx;

/*
 * The pager to run: $CRM_PAGER, else core.pager (ctx_setting), else
 * $PAGER, else "less -FRX"; NULL when that is empty or "cat" (malloc'd).
 */
char *pager_command(struct crm_ctx *ctx);

/*
 * When stdout is a terminal and --no-pager was not given, makes stdout a
 * stream that starts the pager at its first write; crm waits for the
 * pager at exit. Does nothing the second time.
 */
void pager_setup(struct crm_ctx *ctx);

#endif
