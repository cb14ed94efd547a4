/* cmd-client-io.c: not built yet (stub). */
#include "commands.h"
#include "report.h"

int cmd_client_export(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_client_import(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

