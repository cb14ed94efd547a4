/*
 * commands.c: the command tables that drive dispatch, help and completion.
 * Keep every table alphabetized: a unit test checks it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "report.h"
#include "banned.h"

static const struct crm_cmd config_cmds[] = {
	{ "get", cmd_config_get, NULL, CMD_DB_RO, N_("print the value of a setting"), COMPLETE_CONFIG_KEY },
	{ "list", cmd_config_list, NULL, CMD_DB_RO | CMD_PAGER, N_("list every known setting and its value"), COMPLETE_NONE },
	{ "set", cmd_config_set, NULL, CMD_DB_RW, N_("store a setting in the base"), COMPLETE_CONFIG_KEY },
	{ "unset", cmd_config_unset, NULL, CMD_DB_RW, N_("remove a stored setting"), COMPLETE_CONFIG_KEY },
	{ 0 },
};

static const struct crm_cmd manager_cmds[] = {
	{ "add", cmd_manager_add, NULL, CMD_DB_RW, N_("register a manager"), COMPLETE_NONE },
	{ "edit", cmd_manager_edit, NULL, CMD_DB_RW, N_("change a manager"), COMPLETE_MANAGER },
	{ "list", cmd_manager_list, NULL, CMD_DB_RO | CMD_PAGER, N_("list managers and their load"), COMPLETE_NONE },
	{ "show", cmd_manager_show, NULL, CMD_DB_RO | CMD_PAGER, N_("show one manager"), COMPLETE_MANAGER },
	{ 0 },
};

/* erase is CMD_DB_RO: its one write is atomic in core, and the scrub after
 * it must run outside any transaction */
static const struct crm_cmd client_cmds[] = {
	{ "add", cmd_client_add, NULL, CMD_DB_RW, N_("register a client"), COMPLETE_NONE },
	{ "edit", cmd_client_edit, NULL, CMD_DB_RW, N_("change a client sheet"), COMPLETE_CLIENT },
	{ "erase", cmd_client_erase, NULL, CMD_DB_RO, N_("erase the personal data of a client (an act of destruction)"), COMPLETE_CLIENT },
	{ "export", cmd_client_export, NULL, CMD_DB_RO, N_("write clients as NDJSON or CSV"), COMPLETE_CLIENT },
	{ "farewell", cmd_client_farewell, NULL, CMD_DB_RW, N_("end a relationship no longer worth keeping"), COMPLETE_CLIENT },
	{ "find", cmd_client_find, NULL, CMD_DB_RO | CMD_PAGER, N_("search names, notes, contacts and interactions"), COMPLETE_CLIENT },
	{ "import", cmd_client_import, NULL, CMD_DB_RW, N_("read clients from NDJSON or CSV"), COMPLETE_FILE },
	{ "list", cmd_client_list, NULL, CMD_DB_RO | CMD_PAGER, N_("list clients"), COMPLETE_NONE },
	{ "show", cmd_client_show, NULL, CMD_DB_RO | CMD_PAGER, N_("show the whole client sheet"), COMPLETE_CLIENT },
	{ 0 },
};

static const struct crm_cmd contact_cmds[] = {
	{ "add", cmd_contact_add, NULL, CMD_DB_RW, N_("add a contact person at a client"), COMPLETE_CLIENT },
	{ "edit", cmd_contact_edit, NULL, CMD_DB_RW, N_("change a contact"), COMPLETE_CONTACT },
	{ "export", cmd_contact_export, NULL, CMD_DB_RO | CMD_FMT_VCARD, N_("write contacts as vCards for an address book"), COMPLETE_CLIENT },
	{ "import", cmd_contact_import, NULL, CMD_DB_RW, N_("add or update the contacts of a client from vCards"), COMPLETE_CLIENT },
	{ "list", cmd_contact_list, NULL, CMD_DB_RO | CMD_FMT_ICS | CMD_PAGER, N_("list contacts"), COMPLETE_CLIENT },
	{ "remove", cmd_contact_remove, NULL, CMD_DB_RW, N_("remove a contact"), COMPLETE_CONTACT },
	{ "verify", cmd_contact_verify, NULL, CMD_DB_RW, N_("record that the contact data was confirmed"), COMPLETE_CONTACT },
	{ 0 },
};

static const struct crm_cmd promise_cmds[] = {
	{ "add", cmd_promise_add, NULL, CMD_DB_RW | CMD_TX_LATE, N_("record a promise, guarantee, discount, doubt or risk"), COMPLETE_CLIENT },
	{ "break", cmd_promise_break, NULL, CMD_DB_RW | CMD_TX_LATE, N_("record that a promise was broken"), COMPLETE_NONE },
	{ "keep", cmd_promise_keep, NULL, CMD_DB_RW, N_("record that a promise was kept"), COMPLETE_NONE },
	{ "list", cmd_promise_list, NULL, CMD_DB_RO | CMD_PAGER, N_("list promises"), COMPLETE_CLIENT },
	{ 0 },
};

static const struct crm_cmd incident_cmds[] = {
	{ "add", cmd_incident_add, NULL, CMD_DB_RW | CMD_TX_LATE, N_("record a misunderstanding, mishap or conflict"), COMPLETE_CLIENT },
	{ "list", cmd_incident_list, NULL, CMD_DB_RO | CMD_PAGER, N_("list incidents"), COMPLETE_CLIENT },
	{ "resolve", cmd_incident_resolve, NULL, CMD_DB_RW | CMD_TX_LATE, N_("record how an incident was resolved"), COMPLETE_NONE },
	{ 0 },
};

static const struct crm_cmd next_cmds[] = {
	{ "add", cmd_next_add, NULL, CMD_DB_RW | CMD_TX_LATE, N_("schedule the next action for a client"), COMPLETE_CLIENT },
	{ "done", cmd_next_done, NULL, CMD_DB_RW | CMD_TX_LATE, N_("mark a next action done"), COMPLETE_NONE },
	{ "list", cmd_next_list, NULL, CMD_DB_RO | CMD_FMT_ICS | CMD_PAGER, N_("list next actions"), COMPLETE_CLIENT },
	{ "move", cmd_next_move, NULL, CMD_DB_RW | CMD_TX_LATE, N_("move a next action to another day or time, with a reason"), COMPLETE_NONE },
	{ "show", cmd_next_show, NULL, CMD_DB_RO | CMD_PAGER, N_("show a next action and its moves"), COMPLETE_NONE },
	{ 0 },
};

static const struct crm_cmd vip_program_cmds[] = {
	{ "close", cmd_vip_program_close, NULL, CMD_DB_RW, N_("close the active VIP programme"), COMPLETE_NONE },
	{ "list", cmd_vip_program_list, NULL, CMD_DB_RO | CMD_PAGER, N_("list the VIP programmes"), COMPLETE_NONE },
	{ "show", cmd_vip_program_show, NULL, CMD_DB_RO | CMD_PAGER, N_("show a VIP programme and its list of clients"), COMPLETE_NONE },
	{ "start", cmd_vip_program_start, NULL, CMD_DB_RW, N_("start a VIP programme and build its list"), COMPLETE_NONE },
	{ 0 },
};

static const struct crm_cmd vip_template_cmds[] = {
	{ "print", cmd_vip_template_print, NULL, CMD_DB_RO | CMD_PAGER, N_("print the questionnaire as a form for the meeting"), COMPLETE_NONE },
	{ "set", cmd_vip_template_set, NULL, CMD_DB_RW, N_("store a new version of the questionnaire"), COMPLETE_FILE },
	{ "show", cmd_vip_template_show, NULL, CMD_DB_RO | CMD_PAGER, N_("print the questionnaire as JSON"), COMPLETE_NONE },
	{ 0 },
};

static const struct crm_cmd audit_cmds[] = {
	{ "clients", cmd_audit_clients, NULL, CMD_DB_RO | CMD_PAGER, N_("client health, the lowest first"), COMPLETE_NONE },
	{ "digest", cmd_audit_digest, NULL, CMD_DB_RO | CMD_PAGER, N_("one text per person who must act, for cron to mail"), COMPLETE_NONE },
	{ "history", cmd_audit_history, NULL, CMD_DB_RO | CMD_PAGER, N_("the trend per rule over saved runs"), COMPLETE_NONE },
	{ "managers", cmd_audit_managers, NULL, CMD_DB_RO | CMD_PAGER, N_("a scorecard per manager"), COMPLETE_NONE },
	{ "rules", cmd_audit_rules, NULL, CMD_DB_RO | CMD_PAGER, N_("every rule, its severity and thresholds"), COMPLETE_NONE },
	{ "sources", cmd_audit_sources, NULL, CMD_DB_RO | CMD_PAGER, N_("new clients, orders and revenue per source"), COMPLETE_NONE },
	{ 0 },
};

static const struct crm_cmd hooks_cmds[] = {
	{ "list", cmd_hooks_list, NULL, CMD_DB_GENTLY, N_("show the hooks that would run, and where"), COMPLETE_NONE },
	{ 0 },
};

static const struct crm_cmd handover_cmds[] = {
	{ "accept", cmd_handover_accept, NULL, CMD_DB_RW, N_("take the client over"), COMPLETE_NONE },
	{ "cancel", cmd_handover_cancel, NULL, CMD_DB_RW | CMD_TX_LATE, N_("withdraw a pending handover"), COMPLETE_NONE },
	{ "decline", cmd_handover_decline, NULL, CMD_DB_RW | CMD_TX_LATE, N_("refuse a pending handover"), COMPLETE_NONE },
	{ "list", cmd_handover_list, NULL, CMD_DB_RO | CMD_PAGER, N_("list handovers"), COMPLETE_NONE },
	{ "notice", cmd_handover_notice, NULL, CMD_DB_RW, N_("print the client notice, or record it sent"), COMPLETE_NONE },
	{ "plan", cmd_handover_plan, NULL, CMD_DB_RW, N_("hand over a manager's clients in bulk"), COMPLETE_NONE },
	{ "show", cmd_handover_show, NULL, CMD_DB_RO | CMD_PAGER, N_("show a handover and its dossier"), COMPLETE_NONE },
	{ "suggest", cmd_handover_suggest, NULL, CMD_DB_RO | CMD_PAGER, N_("rank the managers who fit a client"), COMPLETE_NONE },
	{ "template", cmd_handover_template, NULL, CMD_DB_RO, N_("print the briefing skeleton to fill in"), COMPLETE_CLIENT },
	{ 0 },
};

static const struct crm_cmd vip_survey_cmds[] = {
	{ "show", cmd_vip_survey_show, NULL, CMD_DB_RO | CMD_PAGER, N_("print a completed survey, section by section"), COMPLETE_CLIENT },
	{ 0 },
};

/* survey is CMD_DB_RO: an interview may last an hour, so it holds no
 * transaction; its draft and the survey itself are written atomically.
 * crm vip survey <client> is its short form; a client named show comes
 * after "--" */
static const struct crm_cmd vip_cmds[] = {
	{ "assign", cmd_vip_assign, NULL, CMD_DB_RW, N_("split the programme's list among its staff"), COMPLETE_NONE },
	{ "list", cmd_vip_list, NULL, CMD_DB_RO | CMD_PAGER, N_("a surveyor's work list"), COMPLETE_NONE },
	{ "program", NULL, vip_program_cmds, CMD_DB_NONE, N_("start, list, show and close programmes"), COMPLETE_NONE },
	{ "report", cmd_vip_report, NULL, CMD_DB_RO | CMD_PAGER, N_("coverage, quality, referrals, opportunities and contacts"), COMPLETE_NONE },
	{ "survey", cmd_vip_survey, vip_survey_cmds, CMD_DB_RO | CMD_SHORT_FORM, N_("take the VIP questionnaire with a client; show a survey"), COMPLETE_CLIENT },
	{ "template", NULL, vip_template_cmds, CMD_DB_NONE, N_("show, print or set the questionnaire"), COMPLETE_NONE },
	{ 0 },
};

/*
 * handover creates with its short form, crm handover <client>: it reads
 * the base, may run an editor for the briefing, and only then begins its
 * transaction (CMD_TX_LATE). A client named like a verb comes after "--".
 */
const struct crm_cmd top_cmds[] = {
	{ "__complete", cmd_complete, NULL, CMD_DB_GENTLY | CMD_HIDDEN, N_("completion candidates"), COMPLETE_NONE },
	{ "audit", cmd_audit, audit_cmds, CMD_DB_RO | CMD_PAGER, N_("revise the base: findings, scorecards, health, digest, trend"), COMPLETE_NONE },
	{ "backup", cmd_backup, NULL, CMD_DB_RO, N_("write a consistent copy of the base to a file"), COMPLETE_FILE },
	{ "check", cmd_check, NULL, CMD_DB_RO | CMD_DB_ANY_SCHEMA | CMD_PAGER, N_("check the base for damage and broken rules"), COMPLETE_NONE },
	{ "client", NULL, client_cmds, CMD_DB_NONE, N_("the client sheet: add, list, show, edit, find, import, export"), COMPLETE_NONE },
	{ "config", NULL, config_cmds, CMD_DB_NONE, N_("read and change settings"), COMPLETE_NONE },
	{ "contact", NULL, contact_cmds, CMD_DB_NONE, N_("key contacts at clients"), COMPLETE_NONE },
	{ "handover", cmd_handover, handover_cmds, CMD_DB_RW | CMD_TX_LATE | CMD_SHORT_FORM, N_("pass a client to another manager; show, accept, decline, cancel, notice, list, suggest, plan, template"), COMPLETE_CLIENT },
	{ "help", cmd_help, NULL, CMD_PAGER, N_("show help for crm or a command"), COMPLETE_COMMAND },
	{ "hooks", NULL, hooks_cmds, CMD_DB_NONE, N_("the hooks run on events: list"), COMPLETE_NONE },
	{ "incident", NULL, incident_cmds, CMD_DB_NONE, N_("misunderstandings, mishaps and conflicts"), COMPLETE_NONE },
	{ "init", cmd_init, NULL, CMD_DB_CREATE, N_("create a new base"), COMPLETE_NONE },
	{ "journal", cmd_journal, NULL, CMD_DB_RO | CMD_PAGER, N_("list the journal of changes"), COMPLETE_NONE },
	{ "log", cmd_log, NULL, CMD_DB_RO | CMD_PAGER, N_("a client's timeline, newest first"), COMPLETE_CLIENT },
	{ "manager", NULL, manager_cmds, CMD_DB_NONE, N_("managers, their capacity and character"), COMPLETE_NONE },
	{ "next", NULL, next_cmds, CMD_DB_NONE, N_("next actions with deadlines"), COMPLETE_NONE },
	{ "note", cmd_note, NULL, CMD_DB_RW | CMD_TX_LATE, N_("record an interaction with a client"), COMPLETE_CLIENT },
	{ "promise", NULL, promise_cmds, CMD_DB_NONE, N_("promises, guarantees, discounts, doubts and risks"), COMPLETE_NONE },
	{ "report", cmd_report, NULL, CMD_DB_RO | CMD_FMT_HTML, N_("the report for the head of sales: one HTML page of charts and figures"), COMPLETE_NONE },
	{ "restore", cmd_restore, NULL, CMD_DB_NONE, N_("replace the base with a backup"), COMPLETE_FILE },
	{ "scrub", cmd_scrub, NULL, CMD_DB_RO, N_("finish an erasure: clear erased data from the files"), COMPLETE_NONE },
	{ "version", cmd_version, NULL, CMD_DB_NONE, N_("print the version of crm"), COMPLETE_NONE },
	{ "vip", NULL, vip_cmds, CMD_DB_NONE, N_("the VIP programme: lists, the questionnaire, surveys, report"), COMPLETE_NONE },
	{ 0 },
};

const struct crm_cmd *cmd_find(const struct crm_cmd *table, const char *name)
{
	for (const struct crm_cmd *c = table; c && c->name; c++) {
		if (strcmp(c->name, name) == 0) {
			return c;
		}
	}
	return NULL;
}

void cmd_list_print(FILE *out, const struct crm_cmd *table, const char *prefix)
{
	for (const struct crm_cmd *c = table; c->name; c++) {
		char name[64];

		if (c->flags & CMD_HIDDEN) {
			continue;
		}
		snprintf(name, sizeof(name), "%s%s%s", prefix, *prefix ? " " : "", c->name);
		fprintf(out, "   %-22s %s\n", name, _(c->summary));
	}
}

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), on bytes: command names are ASCII. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *d, r;

	if (la > 64 || lb > 64) {
		return 99;
	}
	d = calloc((la + 1) * (lb + 1), sizeof(*d));
	if (!d) {
		return 99;
	}
#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++) {
		D(i, 0) = i;
	}
	for (size_t j = 0; j <= lb; j++) {
		D(0, j) = j;
	}
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = D(i - 1, j) + 1;

			if (D(i, j - 1) + 1 < v) {
				v = D(i, j - 1) + 1;
			}
			if (D(i - 1, j - 1) + cost < v) {
				v = D(i - 1, j - 1) + cost;
			}
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    D(i - 2, j - 2) + 1 < v) {
				v = D(i - 2, j - 2) + 1;
			}
			D(i, j) = v;
		}
	}
	r = D(la, lb);
#undef D
	free(d);
	return r;
}

int cmd_suggest(const struct crm_cmd *table, const char *word)
{
	const char *found[32];
	size_t best = 3, n = 0, wl = strlen(word);

	/* the closest names within two edits, or names that start with the word */
	for (const struct crm_cmd *c = table; c->name; c++) {
		size_t dist;

		if (c->flags & CMD_HIDDEN) {
			continue;
		}
		dist = distance(word, c->name);
		if (wl >= 2 && strncmp(c->name, word, wl) == 0) {
			dist = 1;
		}
		if (dist < best) {
			best = dist;
			n = 0;
		}
		if (dist == best && n < ARRAY_SIZE(found)) {
			found[n++] = c->name;
		}
	}
	if (n == 1) {
		hint("did you mean '%s'?", found[0]);
	} else if (n > 1) {
		hint("did you mean one of these?");
		for (size_t i = 0; i < n; i++) {
			fprintf(stderr, "\t%s\n", found[i]);
		}
	}
	return (int)n;
}
