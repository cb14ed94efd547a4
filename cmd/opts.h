/*
 * opts.h: a small declarative helper over getopt_long. One table yields
 * the parser, the -h text and the completion candidates.
 */
#ifndef CRM_OPTS_H
#define CRM_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct crm_ctx;

enum opt_type {
	OPT_T_END = 0,
	OPT_T_FLAG,  /* bool *; --no-<name> comes free */
	OPT_T_STR,   /* const char ** (points into argv) */
	OPT_T_INT,   /* int64_t *, a whole number */
	OPT_T_KW,    /* int *, one of a keyword list */
	OPT_T_LIST,  /* struct strlist *, repeatable */
};

struct kw {
	const char *name;
	int value;
};

struct strlist {
	const char **items;
	size_t n;
};

struct opt {
	enum opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *arg;        /* placeholder for -h: "<date>" */
	const char *help;
	const struct kw *kws;   /* OPT_T_KW: {0}-terminated */
	bool *seen;             /* optional: set when the option was given */
	const char *const *words; /* OPT_WORD: the English words of an enumerated value,
				     which may be named by a Russian synonym (words.h) */
};

#define OPT_FLAG(s, l, v, h) { OPT_T_FLAG, (s), (l), (v), NULL, (h), NULL, NULL, NULL }
#define OPT_STR(s, l, v, a, h) { OPT_T_STR, (s), (l), (v), (a), (h), NULL, NULL, NULL }
#define OPT_INT(s, l, v, a, h) { OPT_T_INT, (s), (l), (v), (a), (h), NULL, NULL, NULL }
#define OPT_KW(s, l, v, k, h) { OPT_T_KW, (s), (l), (v), NULL, (h), (k), NULL, NULL }
#define OPT_LIST(s, l, v, a, h) { OPT_T_LIST, (s), (l), (v), (a), (h), NULL, NULL, NULL }
/* an OPT_STR naming one of words (NULL-terminated), in English or Russian */
#define OPT_WORD(s, l, v, a, w, h) { OPT_T_STR, (s), (l), (v), (a), (h), NULL, NULL, (w) }
#define OPT_END { OPT_T_END, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/*
 * Parses the options of one command. argv[0] is the command's own name;
 * on return *argc and *argv hold the positional arguments only (argv[0] is the
 * first of them). usage is a NULL-terminated list of usage lines. Fewer
 * than min_args or more than max_args (-1: any) positionals is a usage error.
 *
 * Returns true when the command should go on: the options were valid.
 * Returns false with *code set otherwise: 0 after -h, 2 after a usage
 * error (printed with the usage). In the dispatcher's parsing pass
 * (ctx->parse_only) it returns false with *code 0 after valid options too,
 * and sets ctx->args_ok: the handler returns, and runs again with the base
 * open. opts_parse never opens the base.
 */
bool opts_parse(struct crm_ctx *ctx, int *argc, char ***argv, const struct opt *opts,
		const char *const *usage, int min_args, int max_args, int *code);

/* Prints "error: <msg>" and the usage lines to stderr; returns 2. */
int usage_error(const char *const *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints the usage lines and the option list (for -h). */
void opts_help(FILE *out, const struct opt *opts, const char *const *usage);

/* The keyword list as "a, b, c" into buf. */
const char *kw_names(const struct kw *kws, char *buf, size_t n);
/* The value of name in kws, or -1. */
int kw_find(const struct kw *kws, const char *name);
const char *kw_name(const struct kw *kws, int value);

void strlist_release(struct strlist *l);

/*
 * --color WHEN (0 auto, 1 always, 2 never) into ctx->color: auto colours a
 * terminal unless NO_COLOR is set. Returns ctx->color.
 */
bool ctx_color_apply(struct crm_ctx *ctx, int when);

/*
 * Completion (cmd/complete.c): prints "word<TAB>desc" (desc NULL: "word")
 * when word starts with the word being completed, both case-folded as crm
 * folds references.
 */
void complete_offer(const char *word, const char *desc);

#endif
