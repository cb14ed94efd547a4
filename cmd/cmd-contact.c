/* cmd-contact.c: not built yet (stub). */
#include "commands.h"
#include "report.h"

int cmd_contact_add(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_contact_edit(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_contact_list(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_contact_remove(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

int cmd_contact_verify(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	error("not built yet");
	return EXIT_FAIL;
}

