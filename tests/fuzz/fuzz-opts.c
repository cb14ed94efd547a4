/*
 * fuzz-opts: the option parser of cmd/opts.c over an argv split from the
 * input at NUL bytes. The first byte picks min_args and max_args. With a
 * NULL context opts_parse never opens a base; what it prints (usage
 * errors, -h) goes to /dev/null.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* opts.c calls it only with a context: never here. */
int ctx_setup(struct crm_ctx *ctx)
{
	(void)ctx;
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	FILE *null = fopen("/dev/null", "w");

	/* the parser's messages go nowhere; libFuzzer kept its own copy of
	 * the stderr pointer, so its reports still show */
	if (!null) {
		abort();
	}
	stdout = null;
	stderr = null;
	return 0;
}

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct kw kinds[] = { { "call", 0 }, { "meeting", 1 }, { "note", 2 }, { 0 } };
	static const char *const usage[] = { "crm fuzz [<options>] <arg>...", "crm fuzz -h",
					     NULL };
	const char *str = NULL, *other = NULL;
	int64_t num = 0;
	int kind = -1, code = -1, argc = 0, min_args, max_args;
	bool flag = false, dry = false, seen = false;
	struct strlist list = { 0 };
	const struct opt opts[] = {
		OPT_STR('t', "text", &str, "<text>", "a text"),
		OPT_STR(0, "due", &other, "<date>", "a long-only value"),
		OPT_INT('n', "limit", &num, "<n>", "a number"),
		{ OPT_T_KW, 'k', "kind", &kind, NULL, "a keyword", kinds, &seen },
		OPT_FLAG('y', "yes", &flag, "a flag"),
		OPT_FLAG(0, "dry-run", &dry, "a long-only flag"),
		OPT_LIST(0, "tag", &list, "<tag>", "repeatable"),
		OPT_END,
	};
	char *buf, *argv_store[MAX_ARGS + 2], **argv = argv_store;

	if (size < 1) {
		return 0;
	}
	min_args = data[0] & 3;
	max_args = (data[0] >> 2) & 7;
	if (max_args == 7) {
		max_args = -1;
	}
	data++;
	size--;
	buf = malloc(size + 1);
	if (!buf) {
		return 0;
	}
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = (char *)"fuzz";
	for (size_t i = 0; i <= size && argc < MAX_ARGS;) {
		argv[argc++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	argv[argc] = NULL;
	if (opts_parse(NULL, &argc, &argv, opts, usage, min_args, max_args, &code)) {
		/* the positionals are what is left, within the bounds asked */
		if (argc < min_args || (max_args >= 0 && argc > max_args) || argv[argc] != NULL) {
			abort();
		}
		for (int i = 0; i < argc; i++) {
			(void)strlen(argv[i]);
		}
	} else if (code != 0 && code != 2) {
		abort();
	}
	strlist_release(&list);
	free(buf);
	return 0;
}
