/*
 * interaction.c: the history of a client: calls, meetings, emails, orders,
 * complaints. Recording one keeps the client's last contact and order
 * count; an order makes a prospect active, and the repeat order (the
 * second) is recorded as the first dangerous stage passed. It does not make
 * the client regular: a person decides that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

static const char sql_client[] =
	"SELECT name, status, orders FROM client WHERE id = ?1";
/* the first two orders of client ?1 in time: the first and the repeat one */
static const char sql_first_orders[] =
	"SELECT id, amount IS NOT NULL, amount FROM interaction WHERE client_id = ?1"
	" AND kind = 'order' ORDER BY at, id LIMIT 2";

static const char sql_insert[] =
	"INSERT INTO interaction(id, client_id, kind, at, author, text, outcome, amount, created,"
	" author_id, late) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

#define QUERY_COLS                                                                      \
	"SELECT i.id, i.client_id, c.name, i.kind, i.at, i.author, i.text, i.outcome,"  \
	" i.amount, i.late, i.author_id FROM interaction i JOIN client c ON c.id = i.client_id"
#define QUERY_FILTER                                                                    \
	" AND (?2 IS NULL OR i.kind = ?2) AND (?3 IS NULL OR i.at >= ?3)"               \
	" ORDER BY i.at DESC, i.id DESC LIMIT ?4"

/* One shape per index: one interaction, one client's (interaction_client),
 * every interaction. */
static const char sql_query_one[] = QUERY_COLS " WHERE i.id = ?1" QUERY_FILTER;
static const char sql_query_client[] = QUERY_COLS " WHERE i.client_id = ?1" QUERY_FILTER;
static const char sql_query_all[] = QUERY_COLS " WHERE ?1 IS NULL" QUERY_FILTER;

struct crm_interaction_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;
	struct crm_interaction row;
};

/* The client as the rule sees it. */
struct client_state {
	char *name;
	const char *status;  /* static: an entry of crm_client_statuses */
	int64_t orders;
};

static const char *static_status(const char *s)
{
	for (size_t i = 0; crm_client_statuses[i]; i++) {
		if (s && strcmp(s, crm_client_statuses[i]) == 0) {
			return crm_client_statuses[i];
		}
	}
	return "prospect";
}

static crm_status client_load(struct crm_db *db, int64_t id, struct client_state *c)
{
	crmi_stmt *st = crmi_prepare(db, sql_client);
	crm_status ret = CRM_OK;
	int rc;

	*c = (struct client_state){ 0 };
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		c->name = strdup(crmi_col_text(st, 0));
		c->status = static_status(crmi_col_text(st, 1));
		c->orders = crmi_col_int64(st, 2);
		if (!c->name) {
			ret = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	} else if (rc == CRMI_DONE) {
		ret = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)id);
	} else {
		ret = crmi_sqlfail(db, rc, "cannot read the client");
	}
	crmi_reset(st);
	return ret;
}

/*
 * What an order does to the status: a prospect who orders is active. A
 * repeat order does not make a client regular (seed 001: "is it a
 * permanent client? The answer is the same: not yet"): regular is set by
 * hand, and crm audit clients marks the candidates. A lost or farewell
 * client is never moved by an order: a person decides.
 * Returns the new status (static) or NULL when it stays.
 */
static const char *status_after_order(const char *status)
{
	return strcmp(status, "prospect") == 0 ? "active" : NULL;
}

/* Whether the order that brought the client's orders to orders is the
 * repeat order: the second, of a client not lost nor said farewell to. */
static bool is_repeat_order(const char *status, int64_t orders)
{
	return orders == 2 && strcmp(status, "lost") != 0 && strcmp(status, "farewell") != 0;
}

/* Whether the texts crm writes into this base are Russian (base.language):
 * for the formats, which must stay literals for the compiler to check. */
static bool base_ru(struct crm_db *db)
{
	return strcmp(crmi_base_text(db, "en", "ru"), "ru") == 0;
}

/* One order as the milestone sees it. */
struct order_seen {
	int64_t id;
	bool has_amount;
	int64_t amount;
};

/*
 * Records the repeat order in the journal: the first dangerous stage has
 * passed, with the order's size against the first order's when both carry
 * an amount. The two are the client's first two orders in time (an order
 * may be recorded after a later one); when only one is recorded (the
 * count came from elsewhere), the first is not known. The timeline shows
 * the text.
 */
static crm_status journal_repeat_order(struct crm_db *db, int64_t client_id)
{
	crmi_stmt *st = crmi_prepare(db, sql_first_orders);
	struct order_seen o[2] = { { 0 } }, *first = NULL, *repeat;
	char a[32], f[32], size[200], text[400];
	bool ru = base_ru(db);
	size_t n = 0;
	cJSON *j;
	int rc = CRMI_DONE;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	while (n < 2 && (rc = crmi_step(st)) == CRMI_ROW) {
		o[n].id = crmi_col_int64(st, 0);
		o[n].has_amount = crmi_col_int(st, 1) != 0;
		o[n].amount = crmi_col_int64(st, 2);
		n++;
	}
	crmi_reset(st);
	if (n < 2 && rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, "cannot read the client's orders");
	}
	if (n == 0) {
		return crmi_fail(db, CRM_EDB, "the repeat order of client %lld is not recorded",
				 (long long)client_id);
	}
	repeat = &o[n - 1];
	if (n == 2) {
		first = &o[0];
	}
	if (repeat->has_amount) {
		crm_money_format(repeat->amount, a, sizeof(a));
	}
	if (first && first->has_amount) {
		crm_money_format(first->amount, f, sizeof(f));
	}
	if (repeat->has_amount && first && first->has_amount) {
		snprintf(size, sizeof(size), ru ? " (%s, первый заказ %s: %s)" :
			 " (%s, first order %s: %s)", a, f,
			 repeat->amount > first->amount ? crmi_base_text(db, "larger", "больше") :
			 repeat->amount < first->amount ? crmi_base_text(db, "smaller", "меньше") :
							  crmi_base_text(db, "the same", "столько же"));
	} else if (repeat->has_amount) {
		snprintf(size, sizeof(size), ru ? " (%s; первый заказ %s)" : " (%s; the first order %s)",
			 a, first ? crmi_base_text(db, "has no amount", "без суммы") :
				    crmi_base_text(db, "is not recorded", "не записан"));
	} else if (first && first->has_amount) {
		snprintf(size, sizeof(size), ru ? " (без суммы; первый заказ %s)" :
			 " (no amount; first order %s)", f);
	} else {
		size[0] = '\0';
	}
	snprintf(text, sizeof(text), ru ? "повторный заказ: первая опасная стадия пройдена%s; "
		 "постоянным клиентом пока не стал" : "repeat order: the first dangerous stage "
		 "has passed%s; not yet a regular client", size);
	j = cJSON_CreateObject();
	crmi_json_int(j, "client_id", client_id);
	crmi_json_int(j, "interaction_id", repeat->id);
	crmi_json_int(j, "orders", 2);
	crmi_json_str(j, "amount", repeat->has_amount ? a : NULL);
	crmi_json_str(j, "first_amount", first && first->has_amount ? f : NULL);
	crmi_json_str(j, "text", text);
	return crmi_journal(db, "client.repeat_order", "client", client_id, j);
}

/* The one validator of an interaction: crm note and the import call it. */
crm_status crmi_note_check(struct crm_db *db, const struct crm_note_input *in, int64_t at)
{
	int64_t now = crm_db_now(db);
	char buf[32];
	crm_status st;

	st = crmi_enum_check(db, N_("interaction kind"), in->kind ? in->kind : "note",
			     crm_interaction_kinds);
	if (st == CRM_OK) {
		st = crm_check_text(db, "text", in->text);
	}
	if (st == CRM_OK && in->outcome) {
		st = crm_check_text(db, "outcome", in->outcome);
	}
	if (st == CRM_OK && in->author) {
		st = crm_check_name(db, "author", in->author);
	}
	/* a date (00:00 UTC) is a day of the team's zone, compared with today */
	if (st == CRM_OK && (crm_day_start(at) == at ? at > crm_local_today(now) : at > now)) {
		if (crm_day_start(at) == at) {
			crm_date_format(at, buf, sizeof(buf));
		} else {
			crm_local_format(at, buf, sizeof(buf));
		}
		st = crmi_fail(db, CRM_EINVAL,
			       "date %s is in the future: record an interaction once it happened",
			       buf);
	}
	if (st == CRM_OK && at < 0) {
		st = crmi_fail(db, CRM_EINVAL, "invalid interaction date");
	}
	if (st == CRM_OK && in->has_late && strcmp(in->kind ? in->kind : "note", "meeting") != 0) {
		st = crmi_fail(db, CRM_EINVAL, "lateness is for a meeting: record it with "
			       "--kind meeting");
	}
	if (st == CRM_OK && in->has_late && (in->late < 0 || in->late > CRM_LATE_MAX)) {
		st = crmi_fail(db, CRM_EINVAL, "invalid lateness %lld: 0 to %d minutes",
			       (long long)in->late, CRM_LATE_MAX);
	}
	if (st == CRM_OK && in->has_amount && !crm_money_in_range(in->amount)) {
		st = crmi_fail(db, CRM_EINVAL, "invalid amount %s: at most 999 999 999 999.99 either"
			       " way", crm_money_format(in->amount, buf, sizeof(buf)));
	}
	return st;
}

/* The one INSERT INTO interaction, with its search entry: crm note, the VIP survey, the import. */
crm_status crmi_interaction_insert(struct crm_db *db, const struct crmi_interaction_row *r,
				   int64_t *id)
{
	crmi_stmt *st = crmi_prepare(db, sql_insert);
	const char *parts[] = { r->text, r->outcome };
	int64_t author_id;
	crm_status s;

	*id = 0;
	if (!st) {
		return db->errcode;
	}
	if (r->id) {
		crmi_bind_int64(st, 1, r->id);
	}
	crmi_bind_int64(st, 2, r->client_id);
	crmi_bind_text(st, 3, r->kind);
	crmi_bind_int64(st, 4, r->at);
	crmi_bind_text(st, 5, r->author);
	crmi_bind_text(st, 6, r->text);
	crmi_bind_text(st, 7, r->outcome);
	if (r->has_amount) {
		crmi_bind_int64(st, 8, r->amount);
	}
	crmi_bind_int64(st, 9, r->created);
	/* -1: the caller knows the author is no manager */
	author_id = r->author_id > 0 ? r->author_id :
		    r->author_id < 0 ? 0 : crmi_manager_by_name(db, r->author);
	if (author_id) {
		crmi_bind_int64(st, 10, author_id);
	}
	if (r->has_late) {
		crmi_bind_int64(st, 11, r->late);
	}
	s = crmi_step_insert(db, st, "cannot record the interaction");
	if (s == CRM_OK) {
		*id = crmi_last_id(db);
		s = crmi_search_add(db, CRMI_SEARCH_ROWID(*id, CRMI_SEARCH_INTERACTION), r->client_id,
				    parts, ARRAY_SIZE(parts));
	}
	return s;
}

static cJSON *note_json(int64_t id, int64_t client_id, const struct crm_note_input *in,
			const char *kind, int64_t at, const char *author)
{
	cJSON *j = cJSON_CreateObject();
	char buf[32];

	crmi_json_int(j, "id", id);
	crmi_json_int(j, "client_id", client_id);
	crmi_json_str(j, "kind", kind);
	crmi_json_str(j, "at", crm_time_format(at, buf, sizeof(buf)));
	crmi_json_str(j, "author", author);
	crmi_json_str(j, "text", in->text);
	crmi_json_str(j, "outcome", in->outcome);
	crmi_json_str(j, "amount",
		      in->has_amount ? crm_money_format(in->amount, buf, sizeof(buf)) : NULL);
	if (in->has_late) {
		crmi_json_int(j, "late", in->late);
	} else {
		cJSON_AddNullToObject(j, "late");
	}
	return j;
}

static crm_status journal_status(struct crm_db *db, int64_t client_id, const char *old,
				 const char *new, int64_t orders)
{
	cJSON *j = cJSON_CreateObject();
	char reason[64];

	if (orders == 1) {
		snprintf(reason, sizeof(reason), "%s",
			 crmi_base_text(db, "first order", "первый заказ"));
	} else {
		snprintf(reason, sizeof(reason), base_ru(db) ? "заказ (всего заказов: %lld)" :
			 "an order (%lld in all)", (long long)orders);
	}
	crmi_json_int(j, "client_id", client_id);
	crmi_json_str(j, "old", old);
	crmi_json_str(j, "new", new);
	crmi_json_str(j, "reason", reason);
	return crmi_journal(db, "client.status", "client", client_id, j);
}

crm_status crm_note_add(struct crm_db *db, int64_t client_id, const struct crm_note_input *in,
			struct crm_note_result *res)
{
	const char *kind = in->kind ? in->kind : "note";
	const char *author = in->author ? in->author : crm_db_actor(db);
	int64_t at = in->at ? in->at : crm_db_now(db);
	bool order = strcmp(kind, "order") == 0;
	struct client_state c = { 0 };
	const char *after = NULL;
	bool repeat = false;
	int64_t id = 0;
	crm_status st;

	*res = (struct crm_note_result){ 0 };
	crmi_clear_error(db);
	st = crmi_note_check(db, in, at);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = client_load(db, client_id, &c);
	if (st == CRM_OK) {
		struct crmi_interaction_row r = {
			.client_id = client_id, .kind = kind, .at = at, .author = author,
			.text = in->text, .outcome = in->outcome, .has_amount = in->has_amount,
			.amount = in->amount, .created = crm_db_now(db),
			.has_late = in->has_late, .late = in->late,
		};

		st = crmi_interaction_insert(db, &r, &id);
	}
	if (st == CRM_OK) {
		c.orders += order;
		after = order ? status_after_order(c.status) : NULL;
		st = crmi_client_noted(db, client_id, at, order, after ? after : c.status);
	}
	if (st == CRM_OK) {
		st = crmi_journal(db, "interaction.add", "interaction", id,
				  note_json(id, client_id, in, kind, at, author));
	}
	if (st == CRM_OK && after) {
		st = journal_status(db, client_id, c.status, after, c.orders);
	}
	repeat = order && is_repeat_order(after ? after : c.status, c.orders);
	if (st == CRM_OK && repeat) {
		st = journal_repeat_order(db, client_id);
	}
	free(c.name);
	st = crmi_atomic_end(db, st);
	if (st == CRM_OK) {
		res->id = id;
		res->status_before = after ? c.status : NULL;
		res->status_after = after;
		res->status = after ? after : c.status;
		res->orders = c.orders;
		res->repeat_order = repeat;
	}
	return st;
}

crm_status crm_interaction_query(struct crm_db *db, const struct crm_interaction_filter *f,
				 struct crm_interaction_iter **out)
{
	static const struct crm_interaction_filter none = { 0 };
	struct crm_interaction_iter *it;
	const char *sql;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	f = f ? f : &none;
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	sql = f->id ? sql_query_one : f->client_id ? sql_query_client : sql_query_all;
	it->sql = sql;
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot list interactions");
	}
	if (f->id || f->client_id) {
		crmi_bind_int64(it->st, 1, f->id ? f->id : f->client_id);
	}
	crmi_bind_text(it->st, 2, f->kind);
	if (f->since) {
		crmi_bind_int64(it->st, 3, f->since);
	}
	crmi_bind_int64(it->st, 4, f->limit > 0 ? f->limit : -1);
	*out = it;
	return CRM_OK;
}

crm_status crm_interaction_iter_next(struct crm_interaction_iter *it,
				     const struct crm_interaction **row)
{
	struct crm_interaction *r = &it->row;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, it->st, &it->done, "cannot list interactions");
	if (rc != CRM_OK) {
		return rc;
	}
	r->id = crmi_col_int64(it->st, 0);
	r->client_id = crmi_col_int64(it->st, 1);
	r->client = crmi_col_text(it->st, 2);
	r->kind = crmi_col_text(it->st, 3);
	r->at = crmi_col_int64(it->st, 4);
	r->author = crmi_col_text(it->st, 5);
	r->text = crmi_col_text(it->st, 6);
	r->outcome = crmi_col_text(it->st, 7);
	r->has_amount = !crmi_col_null(it->st, 8);
	r->amount = crmi_col_int64(it->st, 8);
	r->has_late = !crmi_col_null(it->st, 9);
	r->late = crmi_col_int64(it->st, 9);
	r->author_id = crmi_col_int64(it->st, 10);
	*row = r;
	return CRM_OK;
}

void crm_interaction_iter_destroy(struct crm_interaction_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free(it);
}
