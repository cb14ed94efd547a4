/*
 * fit.c: how well a manager suits a client, after the source: shared
 * interests and similar characters attract; an energetic manager does not
 * suit a reserved client; a client who needs patience or support gets a
 * patient manager; free capacity counts; a manager who handled the client
 * before gains, unless that relation ended because the client asked for
 * another manager or in a conflict; one who had a conflict with it, or
 * whom the client asked within a year to be rid of, ranks last and is
 * never proposed; a trainee comes after the others for a vip or key
 * client (a raw manager is not let loose on the important clients). The
 * points are in fit.h and crm-handover(1).
 *
 * The engine reads every manager once and interns the words of their
 * traits and interests (folded) as bit sets, so that scoring a client
 * against every manager is a few AND and popcount operations per manager
 * and a bulk plan is no storm of queries: per client only its own words
 * and one indexed query of its history (conflicts, former handlers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fit.h"

/* Live clients held plus pending handovers to the manager: the load a
 * capacity is measured against. */
static const char sql_managers[] =
	"SELECT m.id, m.name, m.name_fold, m.email, m.phone, m.status = 'active', m.role = 'head',"
	" m.capacity, m.traits, m.interests,"
	" (SELECT count(*) FROM client c WHERE c.owner_id = m.id"
	"   AND c.status NOT IN ('lost', 'farewell'))"
	" + (SELECT count(*) FROM handover h WHERE h.to_id = m.id AND h.status = 'pending'),"
	" " CRMI_SQL_TRAINEE("m", "?1") ", ifnull(m.mentor_id, 0)"
	" FROM manager m ORDER BY m.id";

/*
 * The client's history: 1 a manager had a conflict with it (the author of
 * a conflict incident or interaction, the sender of a handover for a
 * conflict), 2 a manager handled it (logged an interaction with it, or
 * owned it and handed it over), 3 the client asked to be rid of it (the
 * sender of a client-request handover since ?2, not cancelled or
 * declined), 4 its last accepted handover away from the client was for a
 * client-request or a conflict: that relation ended badly. Authors are
 * names; handovers give ids.
 */
static const char sql_history[] =
	"SELECT 1, author, CAST(NULL AS INTEGER) FROM incident WHERE client_id = ?1"
	" AND kind = 'conflict'"
	" UNION SELECT 1, author, NULL FROM interaction WHERE client_id = ?1 AND kind = 'conflict'"
	" UNION SELECT 1, NULL, from_id FROM handover WHERE client_id = ?1 AND reason = 'conflict'"
	"   AND from_id IS NOT NULL"
	" UNION SELECT 2, author, NULL FROM interaction WHERE client_id = ?1"
	" UNION SELECT 2, NULL, from_id FROM handover WHERE client_id = ?1"
	"   AND status = 'accepted' AND from_id IS NOT NULL"
	" UNION SELECT 3, NULL, from_id FROM handover WHERE client_id = ?1"
	"   AND reason = 'client-request' AND status NOT IN ('cancelled', 'declined')"
	"   AND from_id IS NOT NULL AND created >= ?2"
	" UNION SELECT 4, NULL, h.from_id FROM handover h WHERE h.client_id = ?1"
	"   AND h.status = 'accepted' AND h.reason IN ('client-request', 'conflict')"
	"   AND h.from_id IS NOT NULL AND h.id = (SELECT max(x.id) FROM handover x"
	"   WHERE x.client_id = ?1 AND x.from_id = h.from_id AND x.status = 'accepted')";

static const char sql_client_words[] =
	"SELECT traits, interests, tags, tier FROM client WHERE id = ?1";

/* Words with a meaning for the rules, folded (English and Russian). */
static const char *const w_energetic[] = { "energetic", "энергичный", "энергичная", NULL };
static const char *const w_reserved[] = { "reserved", "сдержанный", "сдержанная", "замкнутый",
					  "замкнутая", NULL };
static const char *const w_patient[] = { "patient", "терпеливый", "терпеливая", NULL };
static const char *const w_needs[] = { "needs-patience", "needs-support", "требует-терпения",
				       "нужна-поддержка", NULL };

static bool word_in(const char *fold, const char *const *set)
{
	for (size_t i = 0; set[i]; i++) {
		if (strcmp(fold, set[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* ---- words ------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int64_t word_index(const struct fit_engine *e, const char *fold)
{
	char *const *p = e->nwords ? bsearch(&fold, e->words, e->nwords, sizeof(*e->words),
					     cmp_str) : NULL;

	return p ? p - e->words : -1;
}

/* Calls fn for each folded string of the JSON array text. */
static crm_status each_word(struct crm_db *db, const char *json,
			    crm_status (*fn)(void *arg, const char *fold, const char *word),
			    void *arg)
{
	cJSON *arr, *it;
	crm_status st = CRM_OK;

	if (!json || !*json) {
		return CRM_OK;
	}
	arr = cJSON_Parse(json);
	if (!arr) {
		return CRM_OK; /* not a list: no words */
	}
	cJSON_ArrayForEach(it, arr) {
		char *fold;

		if (!cJSON_IsString(it) || st != CRM_OK) {
			continue;
		}
		fold = crm_text_fold(it->valuestring);
		if (!fold) {
			st = crmi_fail(db, CRM_ENOMEM, "out of memory");
			break;
		}
		st = fn(arg, fold, it->valuestring);
		free(fold);
	}
	cJSON_Delete(arr);
	return st;
}

struct collect {
	struct fit_engine *e;
	size_t cap;
};

static crm_status collect_word(void *arg, const char *fold, const char *word)
{
	struct collect *c = arg;
	struct fit_engine *e = c->e;

	if (e->nwords == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		char **w = realloc(e->words, cap * sizeof(*w));
		char **s = w ? realloc(e->shown, cap * sizeof(*s)) : NULL;

		if (w) {
			e->words = w;
		}
		if (!s) {
			return crmi_fail(e->db, CRM_ENOMEM, "out of memory");
		}
		e->shown = s;
		c->cap = cap;
	}
	e->words[e->nwords] = strdup(fold);
	e->shown[e->nwords] = strdup(word);
	e->nwords++;
	if (!e->words[e->nwords - 1] || !e->shown[e->nwords - 1]) {
		return crmi_fail(e->db, CRM_ENOMEM, "out of memory");
	}
	return CRM_OK;
}

struct word_ref {
	char *word, *shown;
	size_t at;           /* the order of collection: the first spelling wins */
};

static int cmp_word_ref(const void *a, const void *b)
{
	const struct word_ref *x = a, *y = b;
	int c = strcmp(x->word, y->word);

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Sorts the words (keeping each one's first spelling) and drops repeats. */
static crm_status words_unique(struct fit_engine *e)
{
	struct word_ref *r;
	size_t o = 0;

	if (e->nwords < 2) {
		return CRM_OK;
	}
	r = malloc(e->nwords * sizeof(*r));
	if (!r) {
		return crmi_fail(e->db, CRM_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < e->nwords; i++) {
		r[i] = (struct word_ref){ e->words[i], e->shown[i], i };
	}
	qsort(r, e->nwords, sizeof(*r), cmp_word_ref);
	for (size_t i = 0; i < e->nwords; i++) {
		if (o && strcmp(e->words[o - 1], r[i].word) == 0) {
			free(r[i].word);
			free(r[i].shown);
			continue;
		}
		e->words[o] = r[i].word;
		e->shown[o] = r[i].shown;
		o++;
	}
	free(r);
	e->nwords = o;
	return CRM_OK;
}

struct setbits {
	const struct fit_engine *e;
	uint64_t *bits;
	bool *flag1, *flag2;
	const char *const *set1, *const *set2;
};

static crm_status set_word(void *arg, const char *fold, const char *word)
{
	struct setbits *b = arg;
	int64_t i = word_index(b->e, fold);

	(void)word;
	if (i >= 0 && b->bits) {
		b->bits[i / 64] |= UINT64_C(1) << (i % 64);
	}
	if (b->flag1 && word_in(fold, b->set1)) {
		*b->flag1 = true;
	}
	if (b->flag2 && word_in(fold, b->set2)) {
		*b->flag2 = true;
	}
	return CRM_OK;
}

/* ---- the engine ----------------------------------------------------------- */

/* Reads the managers and collects their words. */
static crm_status read_managers(struct fit_engine *e, char ***lists)
{
	crmi_stmt *st;
	struct collect c = { e, 0 };
	size_t cap = 0;
	crm_status s = CRM_OK;
	int rc;

	rc = crmi_stmt_new(e->db, sql_managers, &st);
	if (rc != CRMI_OK) {
		return crmi_sqlfail(e->db, rc, "cannot read the managers");
	}
	crmi_bind_int64(st, 1, crm_db_now(e->db));
	while (s == CRM_OK && (rc = crmi_step(st)) == CRMI_ROW) {
		struct fit_manager *m;

		if (e->n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			struct fit_manager *nm = realloc(e->m, ncap * sizeof(*nm));
			char **nl = nm ? realloc(*lists, 2 * ncap * sizeof(*nl)) : NULL;

			if (nm) {
				e->m = nm;
			}
			if (!nl) {
				s = crmi_fail(e->db, CRM_ENOMEM, "out of memory");
				break;
			}
			*lists = nl;
			cap = ncap;
		}
		m = &e->m[e->n];
		*m = (struct fit_manager){
			.id = crmi_col_int64(st, 0),
			.name = crmi_col_dup(st, 1),
			.fold = crmi_col_dup(st, 2),
			.email = crmi_col_dup(st, 3),
			.phone = crmi_col_dup(st, 4),
			.active = crmi_col_int(st, 5) != 0,
			.head = crmi_col_int(st, 6) != 0,
			.capacity = crmi_col_int64(st, 7),
			.load = crmi_col_int64(st, 10),
			.trainee = crmi_col_int(st, 11) != 0,
			.mentor_id = crmi_col_int64(st, 12),
		};
		(*lists)[2 * e->n] = crmi_col_dup(st, 8);
		(*lists)[2 * e->n + 1] = crmi_col_dup(st, 9);
		e->n++;
		if (!m->name || !m->fold) {
			s = crmi_fail(e->db, CRM_ENOMEM, "out of memory");
			break;
		}
		s = each_word(e->db, (*lists)[2 * (e->n - 1)], collect_word, &c);
		if (s == CRM_OK) {
			s = each_word(e->db, (*lists)[2 * (e->n - 1) + 1], collect_word, &c);
		}
	}
	if (s == CRM_OK && rc != CRMI_DONE) {
		s = crmi_sqlfail(e->db, rc, "cannot read the managers");
	}
	crmi_finalize(st);
	return s;
}

struct fold_ref {
	const char *fold;
	size_t i;
};

static int cmp_fold(const void *a, const void *b)
{
	const struct fold_ref *x = a, *y = b;
	int c = strcmp(x->fold, y->fold);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The bit sets and flags of every manager from its word lists. */
static crm_status index_managers(struct fit_engine *e, char **lists)
{
	struct fold_ref *refs;
	crm_status s = CRM_OK;

	e->nbits = (e->nwords + 63) / 64;
	if (e->nbits == 0) {
		e->nbits = 1;
	}
	for (size_t i = 0; i < e->n && s == CRM_OK; i++) {
		struct fit_manager *m = &e->m[i];
		struct setbits b = { e, NULL, &m->energetic, &m->patient, w_energetic, w_patient };

		m->traits = calloc(e->nbits, sizeof(uint64_t));
		m->interests = calloc(e->nbits, sizeof(uint64_t));
		if (!m->traits || !m->interests) {
			return crmi_fail(e->db, CRM_ENOMEM, "out of memory");
		}
		b.bits = m->traits;
		s = each_word(e->db, lists[2 * i], set_word, &b);
		if (s == CRM_OK) {
			b = (struct setbits){ e, m->interests, NULL, NULL, NULL, NULL };
			s = each_word(e->db, lists[2 * i + 1], set_word, &b);
		}
	}
	if (s != CRM_OK) {
		return s;
	}
	/* names are unique once folded (the manager table says so) */
	e->by_fold = malloc((e->n ? e->n : 1) * sizeof(*e->by_fold));
	refs = malloc((e->n ? e->n : 1) * sizeof(*refs));
	if (!e->by_fold || !refs) {
		free(refs);
		return crmi_fail(e->db, CRM_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < e->n; i++) {
		refs[i] = (struct fold_ref){ e->m[i].fold, i };
	}
	qsort(refs, e->n, sizeof(*refs), cmp_fold);
	for (size_t i = 0; i < e->n; i++) {
		e->by_fold[i] = refs[i].i;
	}
	free(refs);
	return CRM_OK;
}

crm_status fit_engine_create(struct crm_db *db, struct fit_engine **out)
{
	struct fit_engine *e = calloc(1, sizeof(*e));
	char **lists = NULL;
	crm_status s;

	*out = NULL;
	if (!e) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	e->db = db;
	s = read_managers(e, &lists);
	if (s == CRM_OK) {
		s = words_unique(e);
	}
	if (s == CRM_OK) {
		s = index_managers(e, lists);
	}
	for (size_t i = 0; lists && i < 2 * e->n; i++) {
		free(lists[i]);
	}
	free(lists);
	if (s != CRM_OK) {
		fit_engine_destroy(e);
		return s;
	}
	*out = e;
	return CRM_OK;
}

void fit_engine_destroy(struct fit_engine *e)
{
	if (!e) {
		return;
	}
	for (size_t i = 0; i < e->n; i++) {
		free(e->m[i].name);
		free(e->m[i].fold);
		free(e->m[i].email);
		free(e->m[i].phone);
		free(e->m[i].traits);
		free(e->m[i].interests);
	}
	for (size_t i = 0; i < e->nwords; i++) {
		free(e->words[i]);
		free(e->shown[i]);
	}
	free(e->m);
	free(e->words);
	free(e->shown);
	free(e->by_fold);
	free(e);
}

int64_t fit_engine_find(const struct fit_engine *e, int64_t id)
{
	size_t lo = 0, hi = e->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (e->m[mid].id == id) {
			return (int64_t)mid;
		}
		if (e->m[mid].id < id) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return -1;
}

/* The manager whose folded name is fold, or -1. */
static int64_t find_fold(const struct fit_engine *e, const char *fold)
{
	size_t lo = 0, hi = e->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(e->m[e->by_fold[mid]].fold, fold);

		if (c == 0) {
			return (int64_t)e->by_fold[mid];
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return -1;
}

/* ---- one client ---------------------------------------------------------- */

static crm_status read_history(struct fit_engine *e, struct fit_client *fc)
{
	crmi_stmt *st = crmi_prepare(e->db, sql_history);
	crm_status s = CRM_OK;
	int rc;

	if (!st) {
		return e->db->errcode;
	}
	crmi_bind_int64(st, 1, fc->id);
	crmi_bind_int64(st, 2, crm_db_now(e->db) - FIT_ASKED_AWAY_DAYS * INT64_C(86400));
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		static const unsigned char marks[] = { 0, FIT_MARK_CONFLICT, FIT_MARK_HANDLED,
						       FIT_MARK_ASKED_AWAY, FIT_MARK_ENDED_BADLY };
		int kind = crmi_col_int(st, 0);
		unsigned mark = kind >= 1 && kind <= 4 ? marks[kind] : 0;
		const char *author = crmi_col_text(st, 1);
		int64_t i = -1;

		if (author) {
			char *fold = crm_text_fold(author);

			if (!fold) {
				s = crmi_fail(e->db, CRM_ENOMEM, "out of memory");
				break;
			}
			i = find_fold(e, fold);
			free(fold);
		} else {
			i = fit_engine_find(e, crmi_col_int64(st, 2));
		}
		if (i >= 0) {
			fc->mark[i] |= (unsigned char)mark;
		}
	}
	if (s == CRM_OK && rc != CRMI_DONE) {
		s = crmi_sqlfail(e->db, rc, "cannot read the client's history");
	}
	crmi_reset(st);
	return s;
}

crm_status fit_client_load(struct fit_engine *e, struct fit_client *fc, int64_t client_id,
			   const char *traits, const char *interests, const char *tags,
			   const char *tier)
{
	struct setbits b;
	crm_status s;

	fit_client_release(fc);
	fc->id = client_id;
	fc->traits = calloc(e->nbits, sizeof(uint64_t));
	fc->interests = calloc(e->nbits, sizeof(uint64_t));
	fc->mark = calloc(e->n ? e->n : 1, 1);
	if (!fc->traits || !fc->interests || !fc->mark) {
		return crmi_fail(e->db, CRM_ENOMEM, "out of memory");
	}
	fc->important = tier && (strcmp(tier, "vip") == 0 || strcmp(tier, "key") == 0);
	b = (struct setbits){ e, fc->traits, &fc->reserved, &fc->needs_patience, w_reserved,
			      w_needs };
	s = each_word(e->db, traits, set_word, &b);
	if (s == CRM_OK) {
		/* a tag can say it too: needs-support */
		b = (struct setbits){ e, NULL, NULL, &fc->needs_patience, NULL, w_needs };
		s = each_word(e->db, tags, set_word, &b);
	}
	if (s == CRM_OK) {
		b = (struct setbits){ e, fc->interests, NULL, NULL, NULL, NULL };
		s = each_word(e->db, interests, set_word, &b);
	}
	if (s == CRM_OK) {
		s = read_history(e, fc);
	}
	return s;
}

crm_status fit_client_read(struct fit_engine *e, struct fit_client *fc, int64_t client_id)
{
	crmi_stmt *st = crmi_prepare(e->db, sql_client_words);
	char *t = NULL, *i = NULL, *g = NULL, *r = NULL;
	crm_status s = CRM_OK;
	int rc;

	if (!st) {
		return e->db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		t = crmi_col_dup(st, 0);
		i = crmi_col_dup(st, 1);
		g = crmi_col_dup(st, 2);
		r = crmi_col_dup(st, 3);
	}
	crmi_reset(st);
	if (rc == CRMI_DONE) {
		s = crmi_fail(e->db, CRM_ENOTFOUND, "no client with id %lld", (long long)client_id);
	} else if (rc != CRMI_ROW) {
		s = crmi_sqlfail(e->db, rc, "cannot read the client");
	}
	if (s == CRM_OK) {
		s = fit_client_load(e, fc, client_id, t, i, g, r);
	}
	free(r);
	free(t);
	free(i);
	free(g);
	return s;
}

void fit_client_release(struct fit_client *fc)
{
	if (!fc) {
		return;
	}
	free(fc->traits);
	free(fc->interests);
	free(fc->mark);
	*fc = (struct fit_client){ 0 };
}

/* ---- the score --------------------------------------------------------- */

static int shared(const uint64_t *a, const uint64_t *b, size_t n)
{
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		k += __builtin_popcountll(a[i] & b[i]);
	}
	return k;
}

/* Handled the client before, and that relation did not end because the
 * client asked for another manager or in a conflict. */
static bool handled_well(const struct fit_client *fc, size_t i)
{
	return (fc->mark[i] & FIT_MARK_HANDLED) &&
	       !(fc->mark[i] & (FIT_MARK_CONFLICT | FIT_MARK_ASKED_AWAY | FIT_MARK_ENDED_BADLY));
}

bool fit_proposable(const struct fit_engine *e, const struct fit_client *fc, size_t i)
{
	return e->m[i].active && !(fc->mark[i] & (FIT_MARK_CONFLICT | FIT_MARK_ASKED_AWAY));
}

int fit_score(const struct fit_engine *e, const struct fit_client *fc, size_t i, int64_t extra)
{
	const struct fit_manager *m = &e->m[i];
	int64_t load = m->load + extra;
	int score = 0;

	score += FIT_INTEREST * shared(fc->interests, m->interests, e->nbits);
	score += FIT_TRAIT * shared(fc->traits, m->traits, e->nbits);
	if (fc->needs_patience && m->patient) {
		score += FIT_PATIENT;
	}
	if (fc->reserved && m->energetic) {
		score += FIT_ENERGETIC;
	}
	if (fc->mark[i] & FIT_MARK_CONFLICT) {
		score += FIT_CONFLICT;
	} else if (fc->mark[i] & FIT_MARK_ASKED_AWAY) {
		score += FIT_ASKED_AWAY;
	} else if (handled_well(fc, i)) {
		score += FIT_HANDLED;
	}
	if (fc->important && m->trainee) {
		score += FIT_TRAINEE;
	}
	if (load >= m->capacity) {
		score += FIT_FULL;
	} else {
		score += (int)(FIT_ROOM * (m->capacity - load) / m->capacity);
	}
	return score;
}

struct wbuf {
	char *p;
	size_t n, len;
};

static void wb_add(struct wbuf *b, const char *s)
{
	int w;

	if (b->len >= b->n) {
		return;
	}
	w = snprintf(b->p + b->len, b->n - b->len, "%s", s);
	if (w > 0) {
		b->len += (size_t)w;
	}
	if (b->len >= b->n) {
		b->len = b->n - 1;
	}
}

/* "label: a, b" for the words in both sets; nothing when none. */
static void wb_shared(struct wbuf *b, const struct fit_engine *e, const char *label,
		      const uint64_t *x, const uint64_t *y)
{
	bool first = true;

	for (size_t w = 0; w < e->nwords; w++) {
		uint64_t bit = UINT64_C(1) << (w % 64);

		if (!(x[w / 64] & y[w / 64] & bit)) {
			continue;
		}
		if (first) {
			wb_add(b, b->len ? "; " : "");
			wb_add(b, label);
			wb_add(b, ": ");
			first = false;
		} else {
			wb_add(b, ", ");
		}
		wb_add(b, e->shown[w]);
	}
}

static void wb_part(struct wbuf *b, const char *s)
{
	wb_add(b, b->len ? "; " : "");
	wb_add(b, s);
}

void fit_why(const struct fit_engine *e, const struct fit_client *fc, size_t i, int64_t extra,
	     char *buf, size_t n)
{
	const struct fit_manager *m = &e->m[i];
	struct wbuf b = { buf, n, 0 };
	int64_t load = m->load + extra;
	char tail[64];

	buf[0] = '\0';
	if (fc->mark[i] & FIT_MARK_CONFLICT) {
		wb_part(&b, _("had a conflict with this client"));
	} else if (fc->mark[i] & FIT_MARK_ASKED_AWAY) {
		wb_part(&b, _("the client asked to be rid of this manager"));
	}
	if (fc->important && m->trainee) {
		wb_part(&b, _("a trainee: a vip or key client goes to a trainee only by a head's "
			      "--escalated"));
	}
	wb_shared(&b, e, _("shared interests"), fc->interests, m->interests);
	wb_shared(&b, e, _("shared traits"), fc->traits, m->traits);
	if (fc->needs_patience && m->patient) {
		wb_part(&b, _("patient, as the client needs"));
	}
	if (fc->reserved && m->energetic) {
		wb_part(&b, _("energetic, for a reserved client"));
	}
	if (handled_well(fc, i)) {
		wb_part(&b, _("handled this client before"));
	}
	if (load >= m->capacity) {
		snprintf(tail, sizeof(tail), _("load %lld/%lld (full)"), (long long)load,
			 (long long)m->capacity);
	} else {
		snprintf(tail, sizeof(tail), _("load %lld/%lld"), (long long)load,
			 (long long)m->capacity);
	}
	wb_part(&b, tail);
}

/* ---- crm_fit_rank ------------------------------------------------------------ */

static int cmp_fit(const void *a, const void *b)
{
	const struct crm_fit *x = a, *y = b;

	if (x->score != y->score) {
		return x->score > y->score ? -1 : 1;
	}
	if (x->load != y->load) {
		return x->load < y->load ? -1 : 1;
	}
	return x->manager_id < y->manager_id ? -1 : x->manager_id > y->manager_id;
}

void crm_fit_list_destroy(struct crm_fit_list *l)
{
	if (!l) {
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		free((char *)l->items[i].manager);
		free((char *)l->items[i].why);
	}
	free(l->items);
	free(l);
}

static crm_status rank(struct fit_engine *e, const struct fit_client *fc, int64_t exclude_id,
		       struct crm_fit_list *l)
{
	char why[1024];

	l->items = calloc(e->n ? e->n : 1, sizeof(*l->items));
	if (!l->items) {
		return crmi_fail(e->db, CRM_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < e->n; i++) {
		const struct fit_manager *m = &e->m[i];
		struct crm_fit *f = &l->items[l->n];

		/* a conflict ranks last, shown; whom the client asked to be rid of
		 * is not proposed at all */
		if (!m->active || (fc->mark[i] & FIT_MARK_ASKED_AWAY) || m->id == exclude_id) {
			continue;
		}
		fit_why(e, fc, i, 0, why, sizeof(why));
		*f = (struct crm_fit){
			.manager_id = m->id,
			.manager = strdup(m->name),
			.score = fit_score(e, fc, i, 0),
			.load = m->load,
			.capacity = m->capacity,
			.over_capacity = m->load >= m->capacity,
			.why = strdup(why),
		};
		l->n++;
		if (!f->manager || !f->why) {
			return crmi_fail(e->db, CRM_ENOMEM, "out of memory");
		}
	}
	qsort(l->items, l->n, sizeof(*l->items), cmp_fit);
	return CRM_OK;
}

crm_status crm_fit_rank(struct crm_db *db, int64_t client_id, int64_t exclude_id,
			struct crm_fit_list **out)
{
	struct fit_engine *e = NULL;
	struct fit_client fc = { 0 };
	struct crm_fit_list *l;
	crm_status s;

	*out = NULL;
	crmi_clear_error(db);
	l = calloc(1, sizeof(*l));
	if (!l) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	s = fit_engine_create(db, &e);
	if (s == CRM_OK) {
		s = fit_client_read(e, &fc, client_id);
	}
	if (s == CRM_OK) {
		s = rank(e, &fc, exclude_id, l);
	}
	fit_client_release(&fc);
	fit_engine_destroy(e);
	if (s != CRM_OK) {
		crm_fit_list_destroy(l);
		return s;
	}
	*out = l;
	return CRM_OK;
}
