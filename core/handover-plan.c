/*
 * handover-plan.c: the bulk plans of handovers (vacation, leaving,
 * overload, giving back after a vacation): every client of a manager
 * placed with the receiver that fits it best (fit.c), shown, and on
 * --apply created as pending handovers in one atomic step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "handover-private.h"

#define DAY INT64_C(86400)
/* The default date of a plan's next actions: in three days. */
#define PLAN_DUE_DAYS 3
/* The default next action of a plan's receivers, written into the base in its language. */
#define PLAN_NEXT_EN "introduce yourself to the client as the new manager"
#define PLAN_NEXT_RU "представиться клиенту как новый менеджер"

static const char *const plan_reasons[] = { "vacation", "leaving", "overload", NULL };

/* ---- plans ---------------------------------------------------------------------------- */

/* A client a plan considers. */
struct cand {
	int64_t id;
	char *name, *traits, *interests, *tags, *tier;
	int64_t pending;        /* a pending handover of the client; 0 none */
	int64_t return_of;      /* --return: the temporary handover */
	int64_t cover;          /* --return: its receiver, who holds the client */
	int64_t until;
	char reason[32];
	int owner_fit;          /* overload: the owner's score */
	size_t order;           /* the order of placement */
};

struct crm_plan {
	struct fit_engine *e;
	struct crm_plan_row *rows;
	size_t n, cap;
	size_t unplaced;
};

size_t crm_plan_size(const struct crm_plan *p)
{
	return p ? p->n : 0;
}

const struct crm_plan_row *crm_plan_row(const struct crm_plan *p, size_t i)
{
	return p && i < p->n ? &p->rows[i] : NULL;
}

size_t crm_plan_unplaced(const struct crm_plan *p)
{
	return p ? p->unplaced : 0;
}

void crm_plan_destroy(struct crm_plan *p)
{
	if (!p) {
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		free((char *)p->rows[i].client);
		free((char *)p->rows[i].why);
	}
	free(p->rows);
	fit_engine_destroy(p->e);
	free(p);
}

static void cands_free(struct cand *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].name);
		free(c[i].traits);
		free(c[i].interests);
		free(c[i].tags);
		free(c[i].tier);
	}
	free(c);
}

/* The live clients of a manager, the most valuable first: the order in
 * which they pick their receivers. */
static const char sql_plan_clients[] =
	"SELECT c.id, c.name, c.traits, c.interests, c.tags,"
	" (SELECT h.id FROM handover h WHERE h.client_id = c.id AND h.status = 'pending'),"
	" NULL, NULL, NULL, NULL, c.tier"
	" FROM client c WHERE c.owner_id = ?1 AND c.status NOT IN ('lost', 'farewell')"
	" ORDER BY CASE c.tier WHEN 'vip' THEN 0 WHEN 'key' THEN 1 ELSE 2 END,"
	" c.value DESC NULLS LAST, c.id";

/* The clients of a manager's accepted temporary handovers that the cover
 * still holds and that were not given back yet. */
static const char sql_plan_returns[] =
	"SELECT c.id, c.name, c.traits, c.interests, c.tags,"
	" (SELECT p.id FROM handover p WHERE p.client_id = c.id AND p.status = 'pending'),"
	" h.id, h.to_id, h.until, h.reason, c.tier"
	" FROM handover h JOIN client c ON c.id = h.client_id"
	" WHERE h.from_id = ?1 AND h.status = 'accepted' AND h.until IS NOT NULL"
	" AND c.owner_id = h.to_id AND c.status NOT IN ('lost', 'farewell')"
	" AND NOT EXISTS (SELECT 1 FROM handover r WHERE r.return_of = h.id"
	"   AND r.status = 'accepted')"
	" ORDER BY CASE c.tier WHEN 'vip' THEN 0 WHEN 'key' THEN 1 ELSE 2 END,"
	" c.value DESC NULLS LAST, c.id";

static crm_status read_cands(struct crm_db *db, const char *sql, int64_t manager_id,
			     struct cand **out, size_t *n)
{
	crmi_stmt *st;
	struct cand *c = NULL;
	size_t cap = 0;
	crm_status s = CRM_OK;
	int rc;

	*out = NULL;
	*n = 0;
	rc = crmi_stmt_new(db, sql, &st);
	if (rc != CRMI_OK) {
		return crmi_sqlfail(db, rc, "cannot read the clients");
	}
	crmi_bind_int64(st, 1, manager_id);
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		struct cand *x;

		if (*n == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			struct cand *nc = realloc(c, ncap * sizeof(*nc));

			if (!nc) {
				s = crmi_fail(db, CRM_ENOMEM, "out of memory");
				break;
			}
			c = nc;
			cap = ncap;
		}
		x = &c[(*n)++];
		*x = (struct cand){
			.id = crmi_col_int64(st, 0),
			.name = crmi_col_dup(st, 1),
			.traits = crmi_col_dup(st, 2),
			.interests = crmi_col_dup(st, 3),
			.tags = crmi_col_dup(st, 4),
			.tier = crmi_col_dup(st, 10),
			.pending = crmi_col_int64(st, 5),
			.return_of = crmi_col_int64(st, 6),
			.cover = crmi_col_int64(st, 7),
			.until = crmi_col_int64(st, 8),
			.order = *n - 1,
		};
		if (crmi_col_text(st, 9)) {
			snprintf(x->reason, sizeof(x->reason), "%s", crmi_col_text(st, 9));
		}
		if (!x->name) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
			break;
		}
	}
	if (s == CRM_OK && rc != CRMI_DONE) {
		s = crmi_sqlfail(db, rc, "cannot read the clients");
	}
	crmi_finalize(st);
	if (s != CRM_OK) {
		cands_free(c, *n);
		*n = 0;
		return s;
	}
	*out = c;
	return CRM_OK;
}

static crm_status plan_add(struct crm_db *db, struct crm_plan *p, const struct cand *c,
			   int64_t from, int64_t to, int score, const char *why)
{
	struct crm_plan_row *r;
	int64_t fi, ti;

	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64;
		struct crm_plan_row *nr = realloc(p->rows, cap * sizeof(*nr));

		if (!nr) {
			return crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
		p->rows = nr;
		p->cap = cap;
	}
	fi = fit_engine_find(p->e, from);
	ti = to ? fit_engine_find(p->e, to) : -1;
	r = &p->rows[p->n++];
	*r = (struct crm_plan_row){
		.client_id = c->id,
		.client = strdup(c->name),
		.from_id = from,
		.from = fi >= 0 ? p->e->m[fi].name : NULL,
		.to_id = to,
		.to = ti >= 0 ? p->e->m[ti].name : NULL,
		.score = score,
		.why = strdup(why),
		.return_of = c->return_of,
		.until = c->until,
	};
	if (!to) {
		p->unplaced++;
	}
	if (!r->client || !r->why) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	return CRM_OK;
}

static int cmp_owner_fit(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->owner_fit != y->owner_fit) {
		return x->owner_fit < y->owner_fit ? -1 : 1;
	}
	/* as fitting: the least valuable moves first */
	return (x->order < y->order) - (x->order > y->order);
}

static int cmp_order(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return (x->order > y->order) - (x->order < y->order);
}

/*
 * Overload: keeps the clients that fit the manager best and leaves the
 * others (as many as the load exceeds the capacity, less those already on
 * their way out) as the candidates, in the order of placement.
 */
static crm_status pick_overload(struct fit_engine *e, size_t src, struct cand *c, size_t *n)
{
	struct fit_client fc = { 0 };
	int64_t pending = 0, move;
	crm_status s = CRM_OK;
	size_t k = 0;

	for (size_t i = 0; i < *n && s == CRM_OK; i++) {
		if (c[i].pending) {
			pending++;
			c[i].owner_fit = INT32_MAX; /* already leaving: never picked */
			continue;
		}
		s = fit_client_load(e, &fc, c[i].id, c[i].traits, c[i].interests, c[i].tags,
				    c[i].tier);
		if (s == CRM_OK) {
			c[i].owner_fit = fit_score(e, &fc, src, 0);
		}
	}
	fit_client_release(&fc);
	if (s != CRM_OK) {
		return s;
	}
	move = e->m[src].load - e->m[src].capacity - pending;
	if (move <= 0) {
		move = 0;
	}
	qsort(c, *n, sizeof(*c), cmp_owner_fit);
	for (size_t i = 0; i < *n; i++) {
		if (i < (size_t)move && !c[i].pending) {
			c[k++] = c[i];
		} else {
			free(c[i].name);
			free(c[i].traits);
			free(c[i].interests);
			free(c[i].tags);
			free(c[i].tier);
		}
	}
	*n = k;
	qsort(c, *n, sizeof(*c), cmp_order);
	return CRM_OK;
}

/* Why nobody could take the client. */
static void no_room(const struct fit_engine *e, int64_t from, const int64_t *extra, char *buf,
		    size_t n)
{
	size_t others = 0, room = 0;

	for (size_t i = 0; i < e->n; i++) {
		const struct fit_manager *m = &e->m[i];

		if (!m->active || m->id == from) {
			continue;
		}
		others++;
		if (m->load + extra[i] < m->capacity) {
			room++;
		}
	}
	if (!others) {
		snprintf(buf, n, "%s", _("no other active manager to take the client"));
	} else if (room) {
		snprintf(buf, n, "%s",
			 _("the only managers with room had a conflict with the client, are ones it "
			   "asked to be rid of, or are trainees (for a vip or key client): hand it "
			   "over by hand to someone who suits it"));
	} else {
		snprintf(buf, n, "%s",
			 _("every other active manager is at capacity: raise a capacity ('crm "
			   "manager edit --capacity'), or hand it over with --over-capacity"));
	}
}

/* The best receiver of one client: the highest score among the active
 * managers with room and no conflict with it; ties to the lower load. */
static int64_t best(const struct fit_engine *e, const struct fit_client *fc, int64_t from,
		    const int64_t *extra, int *score)
{
	int64_t pick = -1;
	int top = 0;

	for (size_t i = 0; i < e->n; i++) {
		const struct fit_manager *m = &e->m[i];
		int sc;

		if (!fit_proposable(e, fc, i) || m->id == from || (fc->important && m->trainee) ||
		    m->load + extra[i] >= m->capacity) {
			continue;
		}
		sc = fit_score(e, fc, i, extra[i]);
		if (pick < 0 || sc > top ||
		    (sc == top && m->load + extra[i] < e->m[pick].load + extra[pick])) {
			pick = (int64_t)i;
			top = sc;
		}
	}
	*score = top;
	return pick;
}

static crm_status place(struct crm_db *db, struct crm_plan *p, const struct cand *c,
			size_t n, int64_t from)
{
	struct fit_engine *e = p->e;
	struct fit_client fc = { 0 };
	int64_t *extra = calloc(e->n ? e->n : 1, sizeof(*extra));
	crm_status s = extra ? CRM_OK : crmi_fail(db, CRM_ENOMEM, "out of memory");
	char why[1024];

	for (size_t i = 0; i < n && s == CRM_OK; i++) {
		int64_t pick;
		int score = 0;

		if (c[i].pending) {
			snprintf(why, sizeof(why),
				 _("a handover of this client is already pending (%lld)"),
				 (long long)c[i].pending);
			s = plan_add(db, p, &c[i], from, 0, 0, why);
			continue;
		}
		s = crmi_handover_reachable(db, c[i].id, NULL, why, sizeof(why));
		if (s == CRM_OK && *why) {
			s = plan_add(db, p, &c[i], from, 0, 0, why);
			continue;
		}
		if (s == CRM_OK) {
			s = fit_client_load(e, &fc, c[i].id, c[i].traits, c[i].interests, c[i].tags,
					    c[i].tier);
		}
		if (s != CRM_OK) {
			break;
		}
		pick = best(e, &fc, from, extra, &score);
		if (pick < 0) {
			no_room(e, from, extra, why, sizeof(why));
			s = plan_add(db, p, &c[i], from, 0, 0, why);
			continue;
		}
		fit_why(e, &fc, (size_t)pick, extra[pick], why, sizeof(why));
		extra[pick]++;
		s = plan_add(db, p, &c[i], from, e->m[pick].id, score, why);
	}
	fit_client_release(&fc);
	free(extra);
	return s;
}

/* Giving back: every client to the one manager, within its capacity. */
static crm_status place_returns(struct crm_db *db, struct crm_plan *p, const struct cand *c,
				size_t n, int64_t to)
{
	struct fit_engine *e = p->e;
	struct fit_client fc = { 0 };
	int64_t ti = fit_engine_find(e, to), extra = 0;
	crm_status s = CRM_OK;
	char why[1200], fit[1024], until[32];

	for (size_t i = 0; i < n && s == CRM_OK; i++) {
		const struct fit_manager *m = &e->m[ti];

		date_str(c[i].until, until, sizeof(until));
		if (c[i].pending) {
			snprintf(why, sizeof(why),
				 _("a handover of this client is already pending (%lld)"),
				 (long long)c[i].pending);
			s = plan_add(db, p, &c[i], c[i].cover, 0, 0, why);
			continue;
		}
		if (!m->active) {
			snprintf(why, sizeof(why),
				 _("'%s' is not active: set the status back with 'crm manager "
				   "edit --status active' first"),
				 m->name);
			s = plan_add(db, p, &c[i], c[i].cover, 0, 0, why);
			continue;
		}
		if (m->load + extra >= m->capacity) {
			snprintf(why, sizeof(why),
				 _("'%s' is at capacity (%lld of %lld): raise it with 'crm "
				   "manager edit --capacity'"),
				 m->name, (long long)(m->load + extra),
				 (long long)m->capacity);
			s = plan_add(db, p, &c[i], c[i].cover, 0, 0, why);
			continue;
		}
		s = crmi_handover_reachable(db, c[i].id, NULL, why, sizeof(why));
		if (s == CRM_OK && *why) {
			s = plan_add(db, p, &c[i], c[i].cover, 0, 0, why);
			continue;
		}
		if (s == CRM_OK) {
			s = fit_client_load(e, &fc, c[i].id, c[i].traits, c[i].interests, c[i].tags,
					    c[i].tier);
		}
		if (s != CRM_OK) {
			break;
		}
		fit_why(e, &fc, (size_t)ti, extra, fit, sizeof(fit));
		snprintf(why, sizeof(why), _("gives back handover %lld (cover until %s); %s"),
			 (long long)c[i].return_of, until, fit);
		s = plan_add(db, p, &c[i], c[i].cover, to, fit_score(e, &fc, (size_t)ti, extra), why);
		extra++;
	}
	fit_client_release(&fc);
	return s;
}

static void progress(struct crm_db *db, int64_t done, int64_t total)
{
	if (db->notify && (done == total || done % 1000 == 0)) {
		db->notify(db->notify_data, N_("handover plan"), done, total);
	}
}

/* Creates the pending handovers of the placed rows, in one atomic step. */
static crm_status apply(struct crm_db *db, struct crm_plan *p, const struct crm_plan_options *o,
			const struct cand *c, size_t nc)
{
	struct crmi_handover_create_ctx cx = { .capacity_checked = true };
	int64_t today = crm_db_today(db), done = 0, total;
	const char *next_default = crmi_base_text(db, PLAN_NEXT_EN, PLAN_NEXT_RU);
	crm_status s;

	cx.min_brief = crm_config_int(db, "handover.min_brief_chars");
	cx.min_words = crm_config_int(db, "handover.min_brief_words");
	if (!o->brief) {
		return crmi_fail(db, CRM_EINVAL, "applying a plan needs a briefing");
	}
	s = crm_check_text(db, N_("briefing"), o->brief);
	if (s == CRM_OK) {
		s = crmi_handover_check_brief(db, o->brief, cx.min_brief, cx.min_words);
	}
	if (s != CRM_OK) {
		return s;
	}
	total = (int64_t)(p->n - p->unplaced);
	s = crmi_atomic_begin(db);
	if (s != CRM_OK) {
		return s;
	}
	for (size_t i = 0; i < p->n && s == CRM_OK; i++) {
		struct crm_plan_row *r = &p->rows[i];
		const char *reason = o->reason;
		struct crm_handover_input in;

		if (!r->to_id) {
			continue;
		}
		if (r->return_of) {
			/* the row's candidate carries the original reason */
			for (size_t k = 0; k < nc; k++) {
				if (c[k].id == r->client_id && c[k].return_of == r->return_of) {
					reason = c[k].reason;
					break;
				}
			}
		}
		in = (struct crm_handover_input){
			.client_id = r->client_id,
			.to_id = r->to_id,
			.reason = reason,
			.brief = o->brief,
			.next_text = o->next_text ? o->next_text : next_default,
			.next_due = o->next_due ? o->next_due : today + PLAN_DUE_DAYS * DAY,
			.until = r->return_of ? 0 : o->until,
			.return_of = r->return_of,
		};
		s = crmi_handover_create_locked(db, &in, &cx, &r->handover_id);
		if (s != CRM_OK) {
			char msg[sizeof(db->errmsg)];

			snprintf(msg, sizeof(msg), "%s", db->errmsg);
			s = crmi_fail(db, s, "client '%s': %s", r->client, msg);
		}
		progress(db, ++done, total);
	}
	s = crmi_atomic_end(db, s);
	if (s != CRM_OK) {
		for (size_t i = 0; i < p->n; i++) {
			p->rows[i].handover_id = 0;
		}
	}
	return s;
}

static crm_status plan_check(struct crm_db *db, const struct crm_plan_options *o)
{
	crm_status s = CRM_OK;

	if (!o->return_to) {
		s = crmi_enum_check(db, N_("plan reason"), o->reason, plan_reasons);
	}
	if (s == CRM_OK && o->next_text) {
		s = crm_check_line(db, N_("next action"), o->next_text);
	}
	if (s == CRM_OK && o->brief && *o->brief) {
		s = crm_check_text(db, N_("briefing"), o->brief);
	}
	if (s == CRM_OK && o->apply) {
		struct crm_handover_input in = {
			.next_due = o->next_due ? o->next_due : crm_db_now(db),
			.until = o->return_to ? 0 : o->until,
		};

		s = crmi_handover_check_dates(db, &in);
	}
	return s;
}

crm_status crm_handover_plan(struct crm_db *db, const struct crm_plan_options *o,
			     struct crm_plan **out)
{
	int64_t who = o->return_to ? o->return_to : o->from_id;
	struct crm_plan *p;
	struct cand *c = NULL;
	size_t n = 0;
	int64_t src;
	crm_status s;

	*out = NULL;
	crmi_clear_error(db);
	s = plan_check(db, o);
	if (s != CRM_OK) {
		return s;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	s = fit_engine_create(db, &p->e);
	if (s == CRM_OK && (src = fit_engine_find(p->e, who)) < 0) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld", (long long)who);
	}
	if (s == CRM_OK) {
		s = read_cands(db, o->return_to ? sql_plan_returns : sql_plan_clients, who, &c, &n);
	}
	if (s == CRM_OK && !o->return_to && strcmp(o->reason, "overload") == 0) {
		s = pick_overload(p->e, (size_t)src, c, &n);
	}
	if (s == CRM_OK) {
		s = o->return_to ? place_returns(db, p, c, n, who) : place(db, p, c, n, who);
	}
	for (size_t i = 0; s == CRM_OK && !o->return_to && i < p->n; i++) {
		p->rows[i].until = p->rows[i].to_id ? crm_day_start(o->until) : 0;
	}
	if (s == CRM_OK && o->apply) {
		s = apply(db, p, o, c, n);
	}
	cands_free(c, n);
	if (s != CRM_OK) {
		crm_plan_destroy(p);
		return s;
	}
	*out = p;
	return CRM_OK;
}
