/*
 * cmd-init.c: crm init, creating a new base in the team's time zone.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "words.h"
#include "banned.h"

/* The name after ".../zoneinfo/" in a path, or NULL. */
static const char *zone_of_path(const char *path)
{
	const char *p = strstr(path, "zoneinfo/");

	return p ? p + strlen("zoneinfo/") : NULL;
}

/*
 * The zone of the user running init: $TZ when it names a zone, then
 * /etc/timezone, then the zone /etc/localtime links to; UTC otherwise.
 */
static const char *zone_guess(char *buf, size_t n)
{
	const char *tz = getenv("TZ");
	char link[PATH_MAX];
	ssize_t len;
	FILE *f;

	if (tz && *tz) {
		const char *name = tz[0] == ':' ? tz + 1 : tz;
		const char *sub = name[0] == '/' ? zone_of_path(name) : name;

		if (sub && crm_zone_check(sub) == CRM_OK) {
			snprintf(buf, n, "%s", sub);
			return buf;
		}
	}
	f = fopen("/etc/timezone", "r");
	if (f) {
		bool ok = fgets(buf, (int)n, f) != NULL;

		fclose(f);
		buf[ok ? strcspn(buf, " \t\r\n") : 0] = '\0';
		if (ok && crm_zone_check(buf) == CRM_OK) {
			return buf;
		}
	}
	len = readlink("/etc/localtime", link, sizeof(link) - 1);
	if (len > 0) {
		const char *sub;

		link[len] = '\0';
		sub = zone_of_path(link);
		if (sub && crm_zone_check(sub) == CRM_OK) {
			snprintf(buf, n, "%s", sub);
			return buf;
		}
	}
	snprintf(buf, n, "UTC");
	return buf;
}

/* The language of the user's messages, when crm has it: ru or en. */
static const char *language_guess(void)
{
	const char *loc = setlocale(LC_MESSAGES, NULL);
	const char *lang = getenv("LANGUAGE");

	/* GNU gettext takes $LANGUAGE first, unless the locale is C */
	if (loc && strcmp(loc, "C") != 0 && strcmp(loc, "POSIX") != 0 && lang && *lang) {
		return strncmp(lang, "ru", 2) == 0 ? "ru" : "en";
	}
	return loc && strncmp(loc, "ru", 2) == 0 ? "ru" : "en";
}

int cmd_init(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm [--db <path>] init [--zone <zone>] [--language ru|en]", NULL
	};
	static const struct emit_col cols[] = {
		{ "path", N_("PATH"), EMIT_STR },
		{ "schema_version", N_("SCHEMA"), EMIT_INT },
		{ "time_zone", N_("ZONE"), EMIT_STR },
		{ "language", N_("LANGUAGE"), EMIT_STR },
	};
	const char *zone = NULL, *language = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "zone", &zone, "<zone>",
			"the team's time zone, e.g. Europe/Moscow (default: yours)"),
		OPT_WORD(0, "language", &language, "<ru|en>", crm_languages,
			 "the language of the texts crm writes into the base (default: your locale's)"),
		OPT_END,
	};
	char guess[256];
	struct emitter *e;
	crm_status st;
	int code;

	/* the dispatcher creates the base (CMD_DB_CREATE) once the options,
	 * the zone too, are right */
	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		if (ctx->args_ok && zone && crm_zone_check(zone) != CRM_OK) {
			ctx->args_ok = false;
			return usage_error(usage,
					   "unknown time zone '%s' for --zone: use an IANA name such "
					   "as Europe/Moscow or UTC (the zones come with the tzdata "
					   "package)",
					   zone);
		}
		if (ctx->args_ok && language && !word_find(crm_languages, language)) {
			ctx->args_ok = false;
			return usage_error(usage, "invalid value '%s' for --language (ru, en)", language);
		}
		return code;
	}
	if (!zone) {
		zone = zone_guess(guess, sizeof(guess));
	}
	if (!language) {
		language = language_guess();
	}
	st = crm_base_init(ctx->db, zone, language);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if (ctx->format == EMIT_FMT_TABLE) {
		printf(_("created a crm base at %s (time zone %s, texts in %s)\n"), ctx->db_path, zone,
		       strcmp(language, "ru") == 0 ? _("Russian") : _("English"));
		return 0;
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), EMIT_SINGLE);
	if (!e) {
		return EXIT_USAGE;
	}
	emit_begin(e);
	emit_str(e, ctx->db_path);
	emit_int(e, crm_schema_version());
	emit_str(e, zone);
	emit_str(e, language);
	emit_end(e);
	return ctx_emit_done(ctx, e);
}
