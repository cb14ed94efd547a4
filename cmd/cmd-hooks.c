/*
 * cmd-hooks.c: crm hooks list, the hooks that would run (hooks.h).
 */
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "opts.h"
#include "report.h"
#include "banned.h"

static const struct emit_col hook_cols[] = {
	{ "event", N_("EVENT"), EMIT_STR },
	{ "hook", N_("HOOK"), EMIT_STR },
	{ "path", N_("PATH"), EMIT_STR },
	{ "executable", N_("EXECUTABLE"), EMIT_BOOL },
};

int cmd_hooks_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm hooks list", NULL };
	static const char *const whens[] = { "pre", "post" };
	struct emitter *e;
	char *dir;
	size_t n = 0;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 0, 0, &code)) {
		return code;
	}
	e = ctx_emitter(ctx, hook_cols, ARRAY_SIZE(hook_cols), 0);
	if (!e) {
		return EXIT_USAGE;
	}
	for (const char *const *ev = hook_events; *ev; ev++) {
		for (size_t w = 0; w < ARRAY_SIZE(whens); w++) {
			char *path;
			int state;

			if (w == 0 && strcmp(*ev, "audit") == 0) {
				continue; /* audit has a post- hook only */
			}
			path = hook_path(ctx, whens[w], *ev);
			state = hook_state(path);
			if (state != 0) {
				emit_begin(e);
				emit_str(e, *ev);
				emit_str(e, whens[w]);
				emit_str(e, path);
				emit_bool(e, state > 0);
				emit_end(e);
				n++;
			}
			free(path);
		}
	}
	code = ctx_emit_done(ctx, e);
	dir = hooks_dir(ctx);
	if (code == 0 && n == 0 && dir) {
		info(ctx, "no hooks in '%s'", dir);
	}
	free(dir);
	return code;
}
