/*
 * cmd-contact.c: crm contact add|list|verify|edit|remove, the key people at
 * a client, and the row every command shows a contact with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ics.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

/* The columns of the sheet's and the export's contact (the import reads
 * them back) */
#define CONTACT_COLS                                                          \
	{ "id", N_("ID"), EMIT_INT },                                         \
	{ "uuid", N_("UUID"), EMIT_STR },                                     \
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },                           \
	{ "client", N_("CLIENT"), EMIT_STR },                                 \
	{ "name", N_("NAME"), EMIT_STR },                                     \
	{ "role", N_("ROLE"), EMIT_STR },                                     \
	{ "phone", N_("PHONE"), EMIT_STR },                                   \
	{ "email", N_("EMAIL"), EMIT_STR },                                   \
	{ "address", N_("ADDRESS"), EMIT_STR },                               \
	{ "key", N_("KEY"), EMIT_BOOL },                                      \
	{ "verified", N_("VERIFIED"), EMIT_DATE },                            \
	{ "created", N_("CREATED"), EMIT_TIME },                              \
	{ "first_name", N_("FIRST_NAME"), EMIT_STR },                         \
	{ "patronymic", N_("PATRONYMIC"), EMIT_STR },                         \
	{ "last_name", N_("LAST_NAME"), EMIT_STR },                           \
	{ "gender", N_("GENDER"), EMIT_STR },                                 \
	{ "address_as", N_("ADDRESS_AS"), EMIT_STR },                         \
	{ "position", N_("POSITION"), EMIT_STR },                             \
	{ "birthday", N_("BIRTHDAY"), EMIT_STR },                             \
	{ "interests", N_("INTERESTS"), EMIT_LIST },                          \
	{ "note", N_("NOTE"), EMIT_STR },                                     \
	{ "preferred", N_("PREFERRED"), EMIT_STR },                           \
	{ "messenger", N_("MESSENGER"), EMIT_STR },                           \
	{ "left", N_("LEFT_ON"), EMIT_DATE },                                    \
	{ "successor_id", N_("SUCCESSOR_ID"), EMIT_INT }

/* the contact commands, the client sheet and the export: the name in parts
 * too, which the import reads back */
const struct emit_col contact_cols[] = { CONTACT_COLS };
const size_t contact_ncols = ARRAY_SIZE(contact_cols);

/* A table leaves the uuid, the address, the name in parts and the person
 * out unless --fields asks for them, but shows who left. */
static const char table_fields[] =
	"id,client_id,client,name,role,phone,email,key,verified,created,left";

/* The values of contact_cols. */
static void contact_values(struct emitter *e, const struct crm_contact *c)
{
	emit_int(e, c->id);
	emit_str(e, c->uuid);
	emit_int(e, c->client_id);
	emit_str(e, c->client);
	emit_str(e, c->name);
	emit_str(e, c->role);
	emit_str(e, c->phone);
	emit_str(e, c->email);
	emit_str(e, c->address);
	emit_bool(e, c->key);
	if (c->verified) {
		emit_date(e, c->verified);
	} else {
		emit_null(e);
	}
	emit_date(e, c->created);
	emit_str(e, c->first_name);
	emit_str(e, c->patronymic);
	emit_str(e, c->last_name);
	emit_str(e, c->gender);
	emit_str(e, c->address_as);
	emit_str(e, c->position);
	emit_str(e, c->birthday);
	emit_json(e, c->interests);
	emit_str(e, c->note);
	emit_str(e, c->preferred);
	emit_str(e, c->messenger);
	if (c->left) {
		emit_date(e, c->left);
	} else {
		emit_null(e);
	}
	if (c->successor_id) {
		emit_int(e, c->successor_id);
	} else {
		emit_null(e);
	}
}

/* The options of the person that add and edit share; the list ends the table. */
#define PERSON_OPTS(in, interests)                                                      \
	OPT_STR(0, "position", &(in).position, "<title>", "the job title"),             \
	OPT_STR(0, "birthday", &(in).birthday, "<date>",                                \
		"the birthday: 1970-05-12, or 05-12 when the year is unknown"),         \
	OPT_LIST(0, "interest", &(interests), "<interest>",                             \
		 "an interest, what pleases the person (repeatable)"),                  \
	OPT_STR(0, "note", &(in).note, "<text>", "a note about the person"),            \
	OPT_WORD(0, "preferred", &(in).preferred, "<channel>", crm_contact_channels,    \
		 "the preferred channel: email, phone or messenger"),                   \
	OPT_STR(0, "messenger", &(in).messenger, "<account>",                           \
		"the messenger and account (\"telegram @ivanov\")"),                      \
	OPT_FLAG(0, "force", &(in).force,                                               \
		 "even when another contact of the client has this email or phone")

void emit_contact(struct emitter *e, const struct crm_contact *c)
{
	emit_begin(e);
	contact_values(e, c);
	emit_end(e);
}

ENTITY_FUNCTIONS(contact, crm_contact, emit_contact)

const struct entity contact_entity = {
	.noun = N_("contact"), .list_cmd = "crm contact list", .cols = contact_cols,
	.ncols = &contact_ncols,
	.table_fields = table_fields, ENTITY_INIT(contact),
};

int cmd_contact_add(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm contact add [--role <role>] [--phone <phone>] [--email <email>] "
		"[--address <address>] [--first <name>] [--patronymic <name>] [--last <name>] "
		"[--gender (f | m)] [--address-as <form>] [--position <title>] "
		"[--birthday <date>] [--interest <interest>]... [--note <text>] "
		"[--preferred (email | phone | messenger)] [--messenger <account>] [--force] "
		"[--key] <client> <name>",
		NULL,
	};
	struct crm_contact_input in = { 0 };
	struct strlist interests = { 0 };
	bool key = false;
	const struct opt opts[] = {
		OPT_STR(0, "role", &in.role, "<role>", "the person's role at the client"),
		OPT_STR(0, "phone", &in.phone, "<phone>", "phone number"),
		OPT_STR(0, "email", &in.email, "<email>", "email address"),
		OPT_STR(0, "address", &in.address, "<address>", "postal address, one line"),
		OPT_STR(0, "first", &in.first_name, "<name>", "given name, for letters"),
		OPT_STR(0, "patronymic", &in.patronymic, "<name>", "patronymic, for letters"),
		OPT_STR(0, "last", &in.last_name, "<name>", "surname"),
		OPT_WORD(0, "gender", &in.gender, "<f|m>", crm_genders,
			 "gender, for the greeting of letters (f or m)"),
		OPT_STR(0, "address-as", &in.address_as, "<form>",
			"how letters address the person (\"Андрей Викторович\")"),
		PERSON_OPTS(in, interests),
		OPT_FLAG(0, "key", &key, "a key person: a decision maker"),
		OPT_END,
	};
	int64_t client, id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 2, 2, &code)) {
		strlist_release(&interests);
		return code;
	}
	code = ref_client(ctx, argv[0], &client);
	if (code) {
		strlist_release(&interests);
		return code;
	}
	in.name = argv[1];
	in.key = key;
	in.interests = list_edit(&interests, NULL);
	st = crm_contact_add(ctx->db, client, &in, &id);
	strlist_release(&interests);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	return entity_after(ctx, &contact_entity, id, true, NULL, NULL);
}

/* ---- list --birthdays: the key people's next birthdays ------------------ */

static const struct emit_col birthday_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "name", N_("NAME"), EMIT_STR },
	{ "birthday", N_("BIRTHDAY"), EMIT_STR },
	{ "next", N_("NEXT_DATE"), EMIT_DATE },
	{ "days", N_("DAYS"), EMIT_INT },
	{ "age", N_("AGE"), EMIT_INT },
};
static const char birthday_table_fields[] = "id,client,name,birthday,next,days,age";

struct birthday {
	struct ics_birthday b;   /* its strings owned here */
	int64_t id, client_id;
	char *birthday;
	int64_t next;            /* the date of the next birthday, today's included */
	int64_t days;            /* from today to it */
	int age;                 /* reached that day; 0 when the year is unknown */
};

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The date of the birthday in year y: 29 February is the 28th in a year
 * that has none, as the calendar's rule (the last day of February) has
 * it. 0 when the date is out of range. */
static int64_t birthday_in(struct crm_ctx *ctx, int y, int m, int d)
{
	char buf[16];
	int64_t t;

	if (m == 2 && d == 29 && !leap(y)) {
		d = 28;
	}
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	return crm_date_parse(buf, ctx->now, &t) == CRM_OK ? t : 0;
}

static int by_next(const void *a, const void *b)
{
	const struct birthday *x = a, *y = b;

	if (x->next != y->next) {
		return x->next < y->next ? -1 : 1;
	}
	return x->id < y->id ? -1 : x->id > y->id;
}

static void birthdays_free(struct birthday *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)v[i].b.uuid);
		free((char *)v[i].b.name);
		free((char *)v[i].b.client);
		free(v[i].birthday);
	}
	free(v);
}

/* One present key contact with a birthday into *r; false out of memory. */
static bool birthday_of(struct crm_ctx *ctx, const struct crm_contact *c, int64_t today,
			struct birthday *r)
{
	char buf[16];
	int ty, tm, td;

	memset(r, 0, sizeof(*r));
	crm_date_format(today, buf, sizeof(buf));
	if (sscanf(buf, "%d-%d-%d", &ty, &tm, &td) != 3 ||
	    !crm_birthday_parse(c->birthday, &r->b.year, &r->b.month, &r->b.day)) {
		return true; /* not a day: left out, as core never stores one */
	}
	r->next = birthday_in(ctx, ty, r->b.month, r->b.day);
	if (r->next < today) {
		ty++;
		r->next = birthday_in(ctx, ty, r->b.month, r->b.day);
	}
	r->days = (r->next - today) / 86400;
	r->age = r->b.year ? ty - r->b.year : 0;
	r->id = c->id;
	r->client_id = c->client_id;
	r->b.uuid = strdup(c->uuid);
	r->b.name = strdup(c->name);
	r->b.client = strdup(c->client);
	r->birthday = strdup(c->birthday);
	return r->b.uuid && r->b.name && r->b.client && r->birthday;
}

/* The present key contacts of f with a birthday, the next one first. */
static crm_status birthdays_collect(struct crm_ctx *ctx, const struct crm_contact_filter *f,
				    struct birthday **out, size_t *n)
{
	struct crm_contact_filter kf = *f;
	struct crm_contact_iter *it = NULL;
	const struct crm_contact *c;
	struct birthday *v = NULL;
	size_t cap = 0;
	int64_t today = crm_local_today(ctx->now);
	crm_status st;

	*n = 0;
	kf.key_only = true;
	st = crm_contact_query(ctx->db, &kf, &it);
	while (st == CRM_OK && (st = crm_contact_iter_next(it, &c)) == CRM_OK) {
		if (c->left || !c->birthday) {
			continue; /* gone from the client, or no birthday known */
		}
		if (*n == cap) {
			struct birthday *p = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof(*v));

			if (!p) {
				st = CRM_ENOMEM;
				break;
			}
			v = p;
		}
		if (!birthday_of(ctx, c, today, &v[*n])) {
			(*n)++;
			st = CRM_ENOMEM;
			break;
		}
		if (v[*n].next) {
			(*n)++;
		}
	}
	crm_contact_iter_destroy(it);
	if (st != CRM_DONE) {
		birthdays_free(v, *n);
		*n = 0;
		return st;
	}
	if (*n) {
		qsort(v, *n, sizeof(*v), by_next);
	}
	*out = v;
	return CRM_OK;
}

static int birthdays_list(struct crm_ctx *ctx, const struct crm_contact_filter *f)
{
	struct birthday *v = NULL;
	struct ics_birthday *b;
	struct emitter *e;
	const char *fields = ctx->fields;
	size_t n;
	int code;
	crm_status st = birthdays_collect(ctx, f, &v, &n);

	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if (ctx->format == EMIT_FMT_ICS) {
		b = n ? malloc(n * sizeof(*b)) : NULL;
		if (n && !b) {
			birthdays_free(v, n);
			return report(ctx, CRM_ENOMEM);
		}
		for (size_t i = 0; i < n; i++) {
			b[i] = v[i].b;
		}
		code = ics_birthdays(ctx, b, n);
		free(b);
		birthdays_free(v, n);
		return code;
	}
	if (!fields && ctx->format == EMIT_FMT_TABLE) {
		ctx->fields = birthday_table_fields;
	}
	e = ctx_emitter(ctx, birthday_cols, ARRAY_SIZE(birthday_cols), 0);
	ctx->fields = fields;
	if (!e) {
		birthdays_free(v, n);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < n; i++) {
		emit_begin(e);
		emit_int(e, v[i].id);
		emit_int(e, v[i].client_id);
		emit_str(e, v[i].b.client);
		emit_str(e, v[i].b.name);
		emit_str(e, v[i].birthday);
		emit_date(e, v[i].next);
		emit_int(e, v[i].days);
		emit_int_or_null(e, v[i].age);
		emit_end(e);
	}
	birthdays_free(v, n);
	return ctx_emit_done(ctx, e);
}

int cmd_contact_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm contact list [--key] [--present] [--stale <days>] [<client>]",
		"crm contact list --birthdays [<client>]",
		NULL,
	};
	struct crm_contact_filter f = { 0 };
	bool stale_seen = false, birthdays = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "key", &f.key_only, "key people still at the client only"),
		OPT_FLAG(0, "present", &f.present_only, "not those who left the client"),
		OPT_FLAG(0, "birthdays", &birthdays,
			 "the key people's birthdays, the next one first (--format ics: a calendar)"),
		{ OPT_T_INT, 0, "stale", &f.stale_days, "<days>",
		  N_("not confirmed within that many days (or never)"), NULL, &stale_seen, NULL },
		OPT_END,
	};
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	if (stale_seen && f.stale_days <= 0) {
		return usage_error(usage, "invalid value '%lld' for --stale: expected 1 or more days",
				   (long long)f.stale_days);
	}
	if (birthdays && stale_seen) {
		return usage_error(usage, "--birthdays and --stale cannot be used together");
	}
	if (ctx->format == EMIT_FMT_ICS && !birthdays) {
		return usage_error(usage, "--format ics writes the birthdays: add --birthdays");
	}
	if (ctx->format == EMIT_FMT_ICS && !ics_args_ok(ctx, usage)) {
		return EXIT_USAGE;
	}
	if (argc == 1) {
		code = ref_client(ctx, argv[0], &f.client_id);
		if (code) {
			return code;
		}
	}
	if (birthdays) {
		return birthdays_list(ctx, &f);
	}
	return entity_list(ctx, &contact_entity, &f, 0);
}

int cmd_contact_verify(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm contact verify [--date <date>] <contact>",
		NULL,
	};
	const char *date = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "date", &date, "<date>", "the day the data was confirmed (default today)"),
		OPT_END,
	};
	int64_t id, when = 0;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (date && !ctx_date(ctx, "--date", date, &when, usage)) {
		return EXIT_USAGE;
	}
	code = ref_contact(ctx, argv[0], &id);
	if (code) {
		return code;
	}
	st = crm_contact_verify(ctx->db, id, when);
	return st == CRM_OK ? 0 : report(ctx, st);
}

/* contact edit --left: the person left, with an optional successor whose
 * phone, email, role and position the edit's options give. */
static int contact_leave(struct crm_ctx *ctx, int64_t id, const char *date, const char *successor,
			 const struct crm_contact_input *in, const char *const *usage)
{
	struct crm_contact_input next = { 0 };
	int64_t when = 0, sid = 0;
	crm_status st;

	if (date && !ctx_date(ctx, "--date", date, &when, usage)) {
		return EXIT_USAGE;
	}
	if (successor) {
		next = (struct crm_contact_input){
			.name = successor, .phone = in->phone, .email = in->email,
			.role = in->role, .position = in->position, .force = in->force,
		};
	}
	st = crm_contact_leave(ctx->db, id, when, successor ? &next : NULL, &sid);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if (sid) {
		info(ctx, "contact %lld left; their successor is contact %lld", (long long)id,
		     (long long)sid);
		printf("%lld\n", (long long)sid);
	} else {
		info(ctx, "contact %lld left", (long long)id);
	}
	return 0;
}

int cmd_contact_edit(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm contact edit [--name <name>] [--role <role>] [--phone <phone>] "
		"[--email <email>] [--address <address>] [--first <name>] [--patronymic <name>] "
		"[--last <name>] [--gender (f | m)] [--address-as <form>] [--position <title>] "
		"[--birthday <date>] [--interest <interest>]... [--no-interest <interest>]... "
		"[--note <text>] [--preferred (email | phone | messenger)] "
		"[--messenger <account>] [--force] [--key | --no-key] <contact>",
		"crm contact edit --left [--date <date>] [--successor <name> [--phone <phone>] "
		"[--email <email>] [--role <role>] [--position <title>] [--force]] <contact>",
		NULL,
	};
	struct crm_contact_input in = { .key = -1 };
	struct strlist interests = { 0 }, rm_interests = { 0 };
	bool key = false, key_seen = false, left = false;
	const char *date = NULL, *successor = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "name", &in.name, "<name>", "the new name"),
		OPT_STR(0, "role", &in.role, "<role>", "the role ('' clears it)"),
		OPT_STR(0, "phone", &in.phone, "<phone>", "the phone number ('' clears it)"),
		OPT_STR(0, "email", &in.email, "<email>", "the email address ('' clears it)"),
		OPT_STR(0, "address", &in.address, "<address>",
			"the postal address ('' clears it)"),
		OPT_STR(0, "first", &in.first_name, "<name>", "the given name ('' clears it)"),
		OPT_STR(0, "patronymic", &in.patronymic, "<name>", "the patronymic ('' clears it)"),
		OPT_STR(0, "last", &in.last_name, "<name>", "the surname ('' clears it)"),
		OPT_WORD(0, "gender", &in.gender, "<f|m>", crm_genders,
			 "the gender, f or m ('' clears it)"),
		OPT_STR(0, "address-as", &in.address_as, "<form>",
			"how letters address the person ('' clears it)"),
		PERSON_OPTS(in, interests),
		OPT_LIST(0, "no-interest", &rm_interests, "<interest>", "remove an interest"),
		OPT_LIST(0, "remove-interest", &rm_interests, "<interest>",
			 "remove an interest (also --no-interest)"),
		{ OPT_T_FLAG, 0, "key", &key, NULL, "a key person (--no-key: not any more)", NULL,
		  &key_seen, NULL },
		OPT_FLAG(0, "left", &left, "the person left the client"),
		OPT_STR(0, "date", &date, "<date>", "with --left: the day they left (default today)"),
		OPT_STR(0, "successor", &successor, "<name>",
			"with --left: add who took over, at the same client"),
		OPT_END,
	};
	crm_status st;
	int64_t id;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		goto out;
	}
	code = EXIT_USAGE;
	if (left) {
		if (in.name || in.address || in.first_name || in.patronymic || in.last_name ||
		    in.gender || in.address_as || in.birthday || in.note || in.preferred ||
		    in.messenger || interests.n || rm_interests.n || key_seen) {
			usage_error(usage, "--left changes nothing else: edit the contact apart");
			goto out;
		}
		if (!successor && (in.phone || in.email || in.role || in.position || in.force)) {
			usage_error(usage, "--phone, --email, --role, --position and --force go "
					   "with --left for the successor: give --successor <name>");
			goto out;
		}
	} else if (date || successor) {
		usage_error(usage, "--date and --successor go with --left");
		goto out;
	} else if (!in.name && !in.role && !in.phone && !in.email && !in.address &&
		   !in.first_name && !in.patronymic && !in.last_name && !in.gender &&
		   !in.address_as && !in.position && !in.birthday && !in.note && !in.preferred &&
		   !in.messenger && !interests.n && !rm_interests.n && !key_seen) {
		usage_error(usage, "nothing to change: give at least one option");
		goto out;
	}
	if (key_seen) {
		in.key = key;
	}
	code = ref_contact(ctx, argv[0], &id);
	if (code) {
		goto out;
	}
	if (left) {
		code = contact_leave(ctx, id, date, successor, &in, usage);
		goto out;
	}
	in.interests = list_edit(&interests, &rm_interests);
	st = crm_contact_edit(ctx->db, id, &in);
	code = st == CRM_OK ? 0 : report(ctx, st);
out:
	strlist_release(&interests);
	strlist_release(&rm_interests);
	return code;
}

int cmd_contact_remove(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm contact remove [--yes] <contact>",
		NULL,
	};
	bool yes = false;
	const struct opt opts[] = {
		OPT_FLAG('y', "yes", &yes, "do not ask for confirmation"),
		OPT_END,
	};
	char question[600];
	const struct crm_contact *c;
	struct crm_contact_iter *it;
	crm_status st;
	int64_t id;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	code = ref_contact(ctx, argv[0], &id);
	if (code) {
		return code;
	}
	st = crm_contact_query(ctx->db, &(struct crm_contact_filter){ .id = id }, &it);
	if (st == CRM_OK) {
		st = crm_contact_iter_next(it, &c);
		if (st == CRM_OK) {
			snprintf(question, sizeof(question), _("remove contact %lld '%s' of '%s'?"),
				 (long long)c->id, c->name, c->client);
		}
		crm_contact_iter_destroy(it);
	}
	if (st != CRM_OK) {
		return report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	}
	if (!confirm(ctx, yes, question)) {
		error("contact %lld not removed", (long long)id);
		return EXIT_FAIL;
	}
	st = crm_contact_remove(ctx->db, id);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	info(ctx, "removed contact %lld", (long long)id);
	return 0;
}
