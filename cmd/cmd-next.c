/* cmd-next.c: not built yet (stub). */
#include "commands.h"
#include "report.h"

int cmd_next_add(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_next_done(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_next_list(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_next_move(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

