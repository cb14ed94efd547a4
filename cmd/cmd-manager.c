/* cmd-manager.c: not built yet (stub). */
#include "commands.h"
#include "report.h"

int cmd_manager_add(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_manager_edit(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_manager_list(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_manager_show(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

