/*
 * cmd-contact-io.c: crm contact export and crm contact import, the address
 * book of a phone or a mail client (vCard).
 *
 * Export writes one vCard 4.0 per contact (cmd/vcard.c), every contact of
 * one client or of all, in the order of crm contact list; the other
 * formats give the rows of crm contact list. Import reads the cards of a
 * file (core/vcard.c parses them, whole, before anything is written) and
 * adds or updates the contacts of one client in the command's transaction.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "textin.h"
#include "rows.h"
#include "vcard.h"
#include "banned.h"

/* sysexits' EX_NOINPUT: an input file is missing or unreadable */

/* The uuid of contact id (malloc'd), NULL when none. */
static char *contact_uuid(struct crm_ctx *ctx, int64_t id)
{
	struct crm_contact_iter *it;
	const struct crm_contact *c;
	char *uuid = NULL;

	if (crm_contact_query(ctx->db, &(struct crm_contact_filter){ .id = id }, &it) == CRM_OK) {
		if (crm_contact_iter_next(it, &c) == CRM_OK && c->uuid) {
			uuid = strdup(c->uuid);
		}
		crm_contact_iter_destroy(it);
	}
	return uuid;
}

static int export_vcards(struct crm_ctx *ctx, const struct crm_contact_filter *f)
{
	struct crm_contact_iter *it;
	const struct crm_contact *c;
	crm_status st = crm_contact_query(ctx->db, f, &it);
	int failed = 0;

	while (st == CRM_OK && (st = crm_contact_iter_next(it, &c)) == CRM_OK) {
		char *successor = NULL;

		if (c->successor_id) {
			/* a second query on the base: the iterator's row stays valid */
			successor = contact_uuid(ctx, c->successor_id);
		}
		failed = vcard_write(stdout, c, successor);
		free(successor);
		if (failed) {
			break;
		}
	}
	crm_contact_iter_destroy(it);
	if (st != CRM_OK && st != CRM_DONE) {
		return report(ctx, st);
	}
	return 0;
}

int cmd_contact_export(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm contact export [--format (vcard | json | ndjson | csv | tsv)] [<client>]",
		NULL,
	};
	const struct opt opts[] = {
		OPT_END,
	};
	struct crm_contact_filter f = { 0 };
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	if (argc == 1) {
		code = ref_client(ctx, argv[0], &f.client_id);
		if (code) {
			return code;
		}
	}
	if (!ctx->format_set || ctx->format == EMIT_FMT_VCARD) {
		return export_vcards(ctx, &f);
	}
	return entity_list(ctx, &contact_entity, &f, 0);
}

/* The whole of in (malloc'd) into *text, *len; false on a read error. */
static bool slurp(FILE *in, char **text, size_t *len)
{
	size_t cap = 1 << 16, n = 0, got;
	char *buf = malloc(cap), *grown;

	while (buf && (got = fread(buf + n, 1, cap - n, in)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				buf = NULL;
			}
			buf = grown;
		}
	}
	if (!buf || ferror(in)) {
		free(buf);
		return false;
	}
	*text = buf;
	*len = n;
	return true;
}

int cmd_contact_import(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm contact import [--dry-run] <client> (<file.vcf> | -)",
		NULL,
	};
	bool dry = false;
	const struct opt opts[] = {
		OPT_FLAG('n', "dry-run", &dry, "check and count the cards, write nothing"),
		OPT_END,
	};
	struct crm_vcards cards = { 0 };
	struct crm_vcard_stats stats;
	struct crm_error err;
	const char *path;
	char *text = NULL;
	size_t len = 0;
	int64_t client;
	crm_status st;
	FILE *in;
	bool ok;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 2, 2, &code)) {
		return code;
	}
	code = ref_client(ctx, argv[0], &client);
	if (code) {
		return code;
	}
	path = strcmp(argv[1], "-") != 0 ? argv[1] : NULL;
	code = textin_open("<file.vcf>", argv[1], &in);
	if (code) {
		return code;
	}
	if (!path && ctx->stdin_tty) {
		info(ctx, "reading vCards from the terminal; end with Ctrl-D");
	}
	ok = slurp(in, &text, &len);
	textin_close(in);
	if (!ok) {
		error("cannot read '%s'", path ? path : "-");
		return EXIT_NOINPUT;
	}
	st = crm_vcard_parse(text, len, &cards, &err);
	free(text);
	if (st != CRM_OK) {
		error("%s: %s", path ? path : "-", err.msg);
		info(ctx, "nothing was imported");
		crm_vcards_release(&cards);
		return exit_code_of(st);
	}
	st = crm_vcard_import(ctx->db, client, &cards, &stats);
	crm_vcards_release(&cards);
	if (st != CRM_OK) {
		code = report(ctx, st);
		info(ctx, "nothing was imported");
		return code;
	}
	ctx->dry_run = dry;
	if (dry) {
		info(ctx, "dry run, nothing written: %lld added, %lld updated, %lld unchanged",
		     (long long)stats.added, (long long)stats.updated, (long long)stats.unchanged);
	} else {
		info(ctx, "%lld added, %lld updated, %lld unchanged", (long long)stats.added,
		     (long long)stats.updated, (long long)stats.unchanged);
	}
	return 0;
}
