/*
 * opts.c: the option table turned into a getopt_long parser, -h text and
 * completion candidates.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "words.h"
#include "banned.h"

#define LONG_BASE 1000   /* getopt val of option i: LONG_BASE + 2i; its --no- form +1 */

const char *kw_names(const struct kw *kws, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (const struct kw *k = kws; k->name; k++) {
		int w = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", k->name);

		if (w < 0 || (size_t)w >= n - len) {
			break;
		}
		len += (size_t)w;
	}
	return buf;
}

int kw_find(const struct kw *kws, const char *name)
{
	for (const struct kw *k = kws; k->name; k++) {
		if (strcmp(k->name, name) == 0) {
			return k->value;
		}
	}
	for (const struct kw *k = kws; k->name; k++) {
		if (word_names(k->name, name)) {
			return k->value;
		}
	}
	return -1;
}

const char *kw_name(const struct kw *kws, int value)
{
	for (const struct kw *k = kws; k->name; k++) {
		if (k->value == value) {
			return k->name;
		}
	}
	return NULL;
}

void strlist_release(struct strlist *l)
{
	if (!l) {
		return;
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static void print_usage_lines(FILE *out, const char *const *usage)
{
	for (size_t i = 0; usage && usage[i]; i++) {
		fprintf(out, "%s%s\n", i ? _("   or: ") : _("usage: "), usage[i]);
	}
}

int usage_error(const char *const *usage, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
	print_usage_lines(stderr, usage);
	return EXIT_USAGE;
}

static void opt_label(const struct opt *o, char *buf, size_t n)
{
	char kws[256];
	const char *arg = o->arg;

	if (o->type == OPT_T_KW) {
		kw_names(o->kws, kws, sizeof(kws));
		for (char *p = kws; *p; p++) {
			if (*p == ',') {
				*p = '|';
			}
		}
		/* "a| b| c" -> "a|b|c" */
		char *w = kws;
		for (char *r = kws; *r; r++) {
			if (!(*r == ' ' && r > kws && r[-1] == '|')) {
				*w++ = *r;
			}
		}
		*w = '\0';
		arg = kws;
	}
	if (o->short_name && o->long_name) {
		snprintf(buf, n, "-%c, --%s%s%s", o->short_name, o->long_name, arg ? " " : "",
			 arg ? arg : "");
	} else if (o->long_name) {
		snprintf(buf, n, "    --%s%s%s", o->long_name, arg ? " " : "", arg ? arg : "");
	} else {
		snprintf(buf, n, "-%c%s%s", o->short_name, arg ? " " : "", arg ? arg : "");
	}
}

void opts_help(FILE *out, const struct opt *opts, const char *const *usage)
{
	char label[320];

	print_usage_lines(out, usage);
	fputc('\n', out);
	for (const struct opt *o = opts; o && o->type != OPT_T_END; o++) {
		opt_label(o, label, sizeof(label));
		if (strlen(label) <= 24) {
			fprintf(out, "    %-24s  %s\n", label, _(o->help));
		} else {
			fprintf(out, "    %s\n    %-24s  %s\n", label, "", _(o->help));
		}
	}
	fprintf(out, "    %-24s  %s\n", "-h, --help", _("show this help"));
}

static bool has_long(const struct opt *opts, const char *name)
{
	for (const struct opt *o = opts; o && o->type != OPT_T_END; o++) {
		if (o->long_name && strcmp(o->long_name, name) == 0) {
			return true;
		}
	}
	return false;
}

/* Completion: what an option's metavar says its value names. */
static enum cmd_complete value_kind(const struct opt *o)
{
	if (!o->arg) {
		return COMPLETE_NONE;
	}
	if (strcmp(o->arg, "<manager>") == 0 || strcmp(o->arg, "<managers>") == 0) {
		return COMPLETE_MANAGER;
	}
	if (strcmp(o->arg, "<client>") == 0) {
		return COMPLETE_CLIENT;
	}
	if (strcmp(o->arg, "<contact>") == 0) {
		return COMPLETE_CONTACT;
	}
	return COMPLETE_NONE;
}

/* Completion: the positional arguments before the word under the cursor
 * (argv[argc - 1]), the values of options skipped. */
static int positionals_before(const struct opt *opts, int argc, char **argv)
{
	static const char *const valued[] = { "--as", "--color", "--db", "--fields", "--format",
					      NULL };
	int n = 0;

	for (int k = 1; k < argc - 1; k++) {
		const char *w = argv[k];
		bool takes = false;

		if (strcmp(w, "--") == 0) {
			return n + argc - 2 - k;
		}
		if (w[0] != '-' || !w[1]) {
			n++;
			continue;
		}
		if (strchr(w, '=')) {
			continue;
		}
		for (const struct opt *o = opts; o->type != OPT_T_END; o++) {
			if (o->type != OPT_T_FLAG &&
			    ((w[1] == '-' && o->long_name && strcmp(w + 2, o->long_name) == 0) ||
			     (w[1] != '-' && !w[2] && o->short_name == w[1]))) {
				takes = true;
			}
		}
		for (size_t i = 0; valued[i]; i++) {
			takes = takes || strcmp(w, valued[i]) == 0;
		}
		k += takes;
	}
	return n;
}

/* Completion: candidates for the word under the cursor, offered through
 * complete_offer (cmd/complete.c), which matches them with that word. */
static void complete_opts(struct crm_ctx *ctx, const struct opt *opts, int argc, char **argv)
{
	const char *cur = ctx->complete_cur ? ctx->complete_cur : "";
	const char *prev = ctx->complete_prev;
	char no[96];

	ctx->complete_has_format = has_long(opts, "format");
	if (prev && prev[0] == '-' && prev[1] == '-') {
		for (const struct opt *o = opts; o->type != OPT_T_END; o++) {
			if (!o->long_name || strcmp(prev + 2, o->long_name) != 0) {
				continue;
			}
			if (o->type == OPT_T_KW) {
				for (const struct kw *k = o->kws; k->name; k++) {
					complete_offer(k->name, NULL);
				}
				ctx->complete_kws = true;
				return;
			}
			if (o->words) {
				for (size_t i = 0; o->words[i]; i++) {
					complete_offer(o->words[i], NULL);
				}
				ctx->complete_kws = true;
				return;
			}
			if (o->type != OPT_T_FLAG) {
				/* names from the base for a <manager>, a <client> or a
				 * <contact>; any other free value: nothing to offer */
				ctx->complete_value = value_kind(o);
				ctx->complete_list = strcmp(o->arg ? o->arg : "", "<managers>") == 0;
				return;
			}
		}
	}
	if (cur[0] != '-') {
		/* only the first positional has candidates */
		ctx->complete_positional = positionals_before(opts, argc, argv) == 0;
		return;
	}
	ctx->complete_options = true;
	for (const struct opt *o = opts; o->type != OPT_T_END; o++) {
		if (o->long_name) {
			snprintf(no, sizeof(no), "--%s", o->long_name);
			complete_offer(no, _(o->help));
		}
		/* a flag whose absence differs from its --no- form */
		if (o->type == OPT_T_FLAG && o->long_name && o->seen) {
			char desc[160];

			snprintf(no, sizeof(no), "--no-%s", o->long_name);
			snprintf(desc, sizeof(desc), _("the opposite of --%s"), o->long_name);
			complete_offer(no, desc);
		}
	}
	complete_offer("--help", _("show this help"));
}

/*
 * The global options also taken after a command's name: the output
 * options, --color, -q, --db, --wide, --no-pager and --no-verify (crm note
 * Acme 'text' --no-verify, as in git). --db there is known before the
 * base opens: the dispatcher's parse_only pass reads it.
 */
enum {
	VAL_FORMAT = 900,
	VAL_JSON,
	VAL_FIELDS,
	VAL_EXCEL,
	VAL_COLOR,
	VAL_DB,
	VAL_WIDE,
	VAL_NO_PAGER,
	VAL_NO_VERIFY,
	VAL_QUIET = 'q',
};
static const struct option output_opts[] = {
	{ "format", required_argument, NULL, VAL_FORMAT },
	{ "json", no_argument, NULL, VAL_JSON },
	{ "fields", required_argument, NULL, VAL_FIELDS },
	{ "excel", no_argument, NULL, VAL_EXCEL },
	{ "color", required_argument, NULL, VAL_COLOR },
	{ "db", required_argument, NULL, VAL_DB },
	{ "wide", no_argument, NULL, VAL_WIDE },
	{ "no-pager", no_argument, NULL, VAL_NO_PAGER },
	{ "quiet", no_argument, NULL, VAL_QUIET },
	{ "no-verify", no_argument, NULL, VAL_NO_VERIFY },
};

static bool is_output_val(int c)
{
	return (c >= VAL_FORMAT && c <= VAL_NO_VERIFY) || c == VAL_QUIET;
}

bool ctx_color_apply(struct crm_ctx *ctx, int when)
{
	const char *nocolor = getenv("NO_COLOR");

	ctx->color = when == 1 || (when == 0 && ctx->stdout_tty && !(nocolor && *nocolor));
	return ctx->color;
}

static bool has_short(const struct opt *opts, int c)
{
	for (const struct opt *o = opts; o && o->type != OPT_T_END; o++) {
		if (o->short_name == c) {
			return true;
		}
	}
	return false;
}

static bool apply_output(struct crm_ctx *ctx, int c, const char *arg, const char *const *usage,
			 int *code)
{
	int fmt;

	switch (c) {
	case VAL_FORMAT:
		fmt = emit_format_parse(arg);
		if (fmt < 0) {
			*code = usage_error(usage,
					    "invalid value '%s' for --format (table, json, ndjson, csv, tsv, "
					    "vcard, ics, html)",
					    arg);
			return false;
		}
		ctx->format = (enum emit_format)fmt;
		ctx->format_set = true;
		return true;
	case VAL_JSON:
		ctx->format = EMIT_FMT_JSON;
		ctx->format_set = true;
		return true;
	case VAL_EXCEL:
		emit_default_flags(EMIT_EXCEL);
		return true;
	case VAL_NO_VERIFY:
		ctx->no_verify = true;
		return true;
	case VAL_COLOR: {
		static const struct kw colors[] = {
			{ "auto", 0 }, { "always", 1 }, { "never", 2 }, { 0 },
		};
		char buf[64];
		int when = kw_find(colors, arg);

		if (when < 0) {
			*code = usage_error(usage, "invalid value '%s' for --%s (%s)", arg, "color",
					    kw_names(colors, buf, sizeof(buf)));
			return false;
		}
		ctx_color_apply(ctx, when);
		return true;
	}
	case VAL_DB:
		if (*arg) {
			ctx->db_path = arg;
		}
		return true;
	case VAL_WIDE:
		ctx->wide = true;
		return true;
	case VAL_NO_PAGER:
		ctx->no_pager = true;
		return true;
	case VAL_QUIET:
		ctx->quiet = true;
		return true;
	default:
		if (!*arg) {
			*code = usage_error(usage, "empty value for --fields");
			return false;
		}
		ctx->fields = arg;
		return true;
	}
}

static const struct opt *find_by_val(const struct opt *opts, int val, bool *negated)
{
	*negated = false;
	for (const struct opt *o = opts; o->type != OPT_T_END; o++) {
		int i = (int)(o - opts);

		if (val == LONG_BASE + 2 * i) {
			return o;
		}
		if (val == LONG_BASE + 2 * i + 1) {
			*negated = true;
			return o;
		}
		if (o->short_name && val == o->short_name) {
			return o;
		}
	}
	return NULL;
}

static bool parse_whole(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!*s || (*s != '-' && (*s < '0' || *s > '9'))) {
		return false;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end) {
		return false;
	}
	*out = v;
	return true;
}

static bool apply(const struct opt *o, bool negated, const char *arg, const char *const *usage,
		  int *code)
{
	char buf[256];
	int k;

	if (o->seen) {
		*o->seen = true;
	}
	switch (o->type) {
	case OPT_T_FLAG:
		*(bool *)o->value = !negated;
		return true;
	case OPT_T_STR: {
		/* an enumerated value named in Russian becomes its English word;
		 * an unknown one goes on to core, which names the valid ones */
		const char *w = o->words ? word_find(o->words, arg) : NULL;

		*(const char **)o->value = w ? w : arg;
		return true;
	}
	case OPT_T_INT:
		if (!parse_whole(arg, (int64_t *)o->value)) {
			*code = usage_error(usage, "invalid value '%s' for --%s: expected a whole number",
					    arg, o->long_name);
			return false;
		}
		return true;
	case OPT_T_KW:
		k = kw_find(o->kws, arg);
		if (k < 0) {
			*code = usage_error(usage, "invalid value '%s' for --%s (%s)", arg,
					    o->long_name, kw_names(o->kws, buf, sizeof(buf)));
			return false;
		}
		*(int *)o->value = k;
		return true;
	case OPT_T_LIST: {
		struct strlist *l = o->value;
		const char **items = realloc(l->items, (l->n + 1) * sizeof(*items));

		if (!items) {
			error("out of memory");
			*code = EXIT_FAIL;
			return false;
		}
		items[l->n++] = arg;
		l->items = items;
		return true;
	}
	case OPT_T_END:
		break;
	}
	return false;
}

/* Empties the lists the options filled, for the next parse. */
static void release_lists(const struct opt *opts)
{
	for (const struct opt *o = opts; o && o->type != OPT_T_END; o++) {
		if (o->type == OPT_T_LIST) {
			strlist_release(o->value);
		}
	}
}

bool opts_parse(struct crm_ctx *ctx, int *argc, char ***argv, const struct opt *opts,
		const char *const *usage, int min_args, int max_args, int *code)
{
	size_t nopts = 0, nlong = 0;
	struct option *longs;
	char *shorts, *sp;
	bool ok = true;
	int c;

	*code = 0;
	if (ctx && ctx->completing) {
		complete_opts(ctx, opts, *argc, *argv);
		return false;
	}
	while (opts && opts[nopts].type != OPT_T_END) {
		nopts++;
	}
	longs = calloc(2 * nopts + 2 + ARRAY_SIZE(output_opts), sizeof(*longs));
	shorts = calloc(3 * nopts + 5, 1);
	if (!longs || !shorts) {
		free(longs);
		free(shorts);
		error("out of memory");
		*code = EXIT_FAIL;
		return false;
	}
	sp = shorts;
	/* The global options stop at the command word; a command's own
	 * options may come before or after its arguments, as in
	 * "crm next add Acme 'call back' --due +3d" ("--" ends them). */
	if (!ctx) {
		*sp++ = '+';
	}
	*sp++ = ':';
	*sp++ = 'h';
	char (*nonames)[80] = calloc(nopts + 1, sizeof(*nonames));
	for (size_t i = 0; i < nopts; i++) {
		const struct opt *o = &opts[i];
		int has_arg = o->type == OPT_T_FLAG ? no_argument : required_argument;

		if (o->short_name) {
			*sp++ = (char)o->short_name;
			if (has_arg) {
				*sp++ = ':';
			}
		}
		if (o->long_name) {
			longs[nlong++] = (struct option){ o->long_name, has_arg, NULL,
							  LONG_BASE + 2 * (int)i };
			if (o->type == OPT_T_FLAG && nonames) {
				snprintf(nonames[i], sizeof(nonames[i]), "no-%s", o->long_name);
				longs[nlong++] = (struct option){ nonames[i], no_argument, NULL,
								  LONG_BASE + 2 * (int)i + 1 };
			}
		}
	}
	if (ctx && !has_short(opts, 'q')) {
		*sp++ = 'q';
	}
	longs[nlong++] = (struct option){ "help", no_argument, NULL, 'h' };
	/* the output options work after the command too: crm client list --json */
	for (size_t i = 0; ctx && i < ARRAY_SIZE(output_opts); i++) {
		if (!has_long(opts, output_opts[i].name)) {
			longs[nlong++] = output_opts[i];
		}
	}

	opterr = 0;
	optind = 0; /* glibc: full re-initialisation */
	while (ok && (c = getopt_long(*argc, *argv, shorts, longs, NULL)) != -1) {
		const struct opt *o;
		bool neg;

		if (is_output_val(c) && (c != VAL_QUIET || !has_short(opts, 'q'))) {
			ok = apply_output(ctx, c, optarg, usage, code);
			continue;
		}
		if (c == 'h') {
			opts_help(stdout, opts, usage);
			if (ctx && !has_long(opts, "format")) {
				printf("    %-24s  %s\n", "--format, --json, --fields, --excel",
				       _("output options, here or before the command (crm-output(7))"));
				printf("    %-24s  %s\n", "--color, -q, --db, --wide, --no-pager",
				       _("global options, here or before the command (crm(1))"));
			}
			*code = 0;
			ok = false;
			break;
		}
		if (c == '?') {
			if (optopt && optopt < LONG_BASE) {
				*code = usage_error(usage, "unknown option '-%c'", optopt);
				/* "-5% off" or "-100" was meant as an argument */
				if (!(optopt >= 'a' && optopt <= 'z') && !(optopt >= 'A' && optopt <= 'Z')) {
					hint("put '--' before an argument that starts with '-',"
					     " as in: crm note Acme -- '-5%% off'");
				}
			} else {
				*code = usage_error(usage, "unknown option '%s'", (*argv)[optind - 1]);
			}
			ok = false;
			break;
		}
		if (c == ':') {
			o = find_by_val(opts, optopt, &neg);
			if (o && o->long_name) {
				*code = usage_error(usage, "option '--%s' needs a value %s", o->long_name,
						    o->arg ? o->arg : "");
			} else {
				*code = usage_error(usage, "option '%s' needs a value",
						    (*argv)[optind - 1]);
			}
			ok = false;
			break;
		}
		o = find_by_val(opts, c, &neg);
		if (!o) {
			*code = usage_error(usage, "unknown option '%s'", (*argv)[optind - 1]);
			ok = false;
			break;
		}
		ok = apply(o, neg, optarg, usage, code);
	}
	if (ok) {
		*argc -= optind;
		*argv += optind;
		if (*argc < min_args) {
			if (min_args - *argc > 1) {
				*code = usage_error(usage, "missing arguments");
			} else {
				*code = usage_error(usage, "missing argument");
			}
			ok = false;
		} else if (max_args >= 0 && *argc > max_args) {
			*code = usage_error(usage, "unexpected argument '%s'", (*argv)[max_args]);
			ok = false;
		}
	}
	free(nonames);
	free(longs);
	free(shorts);
	if (ok && ctx && ctx->parse_only) {
		/* the dispatcher's first pass: the arguments are valid; the
		 * handler runs again once the base is open */
		ctx->args_ok = true;
		release_lists(opts);
		return false;
	}
	return ok;
}
