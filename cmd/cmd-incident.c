/* cmd-incident.c: not built yet (stub). */
#include "commands.h"
#include "report.h"

int cmd_incident_add(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_incident_list(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_incident_resolve(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

