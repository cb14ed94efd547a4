/*
 * vip-assign.c: the split of a VIP programme's list among its staff: the
 * owner keeps a client whose relations are good, every other client goes
 * to the member who fits it best (fit.c), within equal shares; a client in
 * the storm stage or with an open conflict or incident goes to the best
 * fitting experienced member (not a trainee) whatever the shares; shown,
 * and stored on --apply.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fit.h"
#include "vip-private.h"

#define DAY 86400
#define YEAR (365 * DAY)

/* ---- assignment ------------------------------------------------------------ */

static const char sql_plan_staff[] =
	"SELECT m.id, m.name, (SELECT count(*) FROM vip_item i WHERE i.program_id = ?1"
	"   AND i.surveyor_id = m.id AND i.status = 'done'),"
	" m.trainee = 1 AND (m.trainee_until IS NULL OR m.trainee_until > ?2), m.created"
	" FROM vip_staff vs JOIN manager m ON m.id = vs.manager_id"
	" WHERE vs.program_id = ?1 AND m.status = 'active' ORDER BY m.name_fold, m.id";

/* The pending items with what the owner's relations are judged by. */
static const char sql_plan_items[] =
	"SELECT i.id, c.id, c.name, c.owner_id, o.name, c.monopolized, i.surveyor_id,"
	" c.last_contact,"
	" coalesce(c.contact_every, CASE c.tier WHEN 'vip' THEN ?2 WHEN 'key' THEN ?3"
	"   ELSE ?4 END),"
	" EXISTS (SELECT 1 FROM incident x WHERE x.client_id = c.id AND x.status = 'open'"
	"   AND x.kind = 'conflict'),"
	" (SELECT count(*) FROM promise p WHERE p.client_id = c.id"
	"   AND p.kind IN ('promise', 'guarantee', 'discount')"
	"   AND ((p.status = 'broken' AND p.closed >= ?5) OR (p.status = 'open' AND p.due < ?6))),"
	" (SELECT max(k.verified) FROM contact k WHERE k.client_id = c.id AND k.is_key = 1"
	"   AND k.left_on IS NULL),"
	" i.reason, c.stage = 'storm',"
	" (SELECT x.kind FROM incident x WHERE x.client_id = c.id AND x.status = 'open'"
	"   AND x.kind <> 'conflict' ORDER BY x.id LIMIT 1)"
	" FROM vip_item i JOIN client c ON c.id = i.client_id"
	" LEFT JOIN manager o ON o.id = c.owner_id"
	" WHERE i.program_id = ?1 AND i.status = 'pending' ORDER BY c.name_fold, c.id";

static const char sql_program_closed[] =
	"SELECT status = 'closed' FROM vip_program WHERE id = ?1";
static const char sql_plan_store[] =
	"UPDATE vip_item SET surveyor_id = ?2, reason = ?3, assigned = ?4 WHERE id = ?1";

struct member {
	int64_t id;
	char *name;
	int64_t load;          /* items on the list: done ones and those planned */
	int64_t kept;
	int64_t done;
	int64_t fit;           /* index in the fit engine; -1 none */
	bool trainee;          /* in training: never given a client in trouble */
	int64_t created;       /* in the firm since: the longer, the more experienced */
};

struct pitem {
	int64_t item_id, client_id, owner_id, stored;
	char *client, *owner, *stored_reason;
	char *head;            /* why not the owner, when another takes it */
	bool monopolized, conflict;
	bool storm;            /* in the storm stage */
	char *incident;        /* the kind of an open incident other than a conflict */
	char *hot;             /* why it needs an experienced member; NULL when not */
	int64_t last_contact, every, broken, verified;
	/* the plan */
	int64_t surveyor;      /* index in the members + 1; 0 none */
	bool kept;
	bool experienced;      /* given to an experienced member for its trouble */
	char *reason;
};

struct plan {
	struct crm_vip_plan pub;   /* first: crm_vip_plan_destroy casts */
	struct member *m;
	size_t nm;
	struct pitem *p;
	size_t np;
	int64_t base, extra;       /* every member's share: base or base + 1 */
};

void crm_vip_plan_destroy(struct crm_vip_plan *pub)
{
	struct plan *pl = (struct plan *)pub;

	if (!pl) {
		return;
	}
	for (size_t i = 0; i < pl->nm; i++) {
		free(pl->m[i].name);
	}
	for (size_t i = 0; i < pl->np; i++) {
		free(pl->p[i].client);
		free(pl->p[i].owner);
		free(pl->p[i].stored_reason);
		free(pl->p[i].reason);
		free(pl->p[i].head);
		free(pl->p[i].incident);
		free(pl->p[i].hot);
	}
	free(pl->m);
	free(pl->p);
	free(pl->pub.items);
	free(pl->pub.loads);
	free(pl);
}

static crm_status grow(struct crm_db *db, void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t c;

	if (n < *cap) {
		return CRM_OK;
	}
	c = *cap ? *cap * 2 : 16;
	p = realloc(*arr, c * size);
	if (!p) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	*arr = p;
	*cap = c;
	return CRM_OK;
}

static crm_status load_staff(struct crm_db *db, int64_t program, struct plan *pl)
{
	crmi_stmt *st = NULL;
	size_t cap = 0;
	crm_status ret = CRM_OK;
	int rc = crmi_stmt_new(db, sql_plan_staff, &st);

	if (rc != CRMI_OK) {
		return crmi_sqlfail(db, rc, "cannot read the programme's staff");
	}
	crmi_bind_int64(st, 1, program);
	crmi_bind_int64(st, 2, crm_db_now(db));
	while (ret == CRM_OK && (rc = crmi_step(st)) == CRMI_ROW) {
		struct member *m;

		ret = grow(db, (void **)&pl->m, &cap, pl->nm, sizeof(*pl->m));
		if (ret != CRM_OK) {
			break;
		}
		m = &pl->m[pl->nm++];
		*m = (struct member){ .id = crmi_col_int64(st, 0), .fit = -1 };
		m->name = crmi_vip_dup_text(db, crmi_col_text(st, 1), &ret);
		m->done = m->load = crmi_col_int64(st, 2);
		m->trainee = crmi_col_int(st, 3) != 0;
		m->created = crmi_col_int64(st, 4);
	}
	if (ret == CRM_OK && rc != CRMI_DONE) {
		ret = crmi_sqlfail(db, rc, "cannot read the programme's staff");
	}
	crmi_finalize(st);
	return ret;
}

/*
 * A client in the storm stage, or with an open conflict or incident, is in
 * trouble: it needs an experienced manager, not a trainee, whatever the
 * shares (issue of fit: a client in storm went to the weakest newcomer).
 * Sets p->hot to the facts ("stage storm, an open conflict") or NULL.
 */
static crm_status hot_why(struct crm_db *db, struct pitem *p)
{
	char buf[256] = "";

	if (p->storm) {
		snprintf(buf, sizeof(buf), "%s", crmi_base_text(db, "stage storm", "стадия «шторм»"));
	}
	if (p->conflict) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len,
			 crmi_base_text(db, "%san open conflict", "%sоткрытый конфликт"),
			 len ? ", " : "");
	}
	if (p->incident) {
		size_t len = strlen(buf);

		/* "an open mishap", "an open quality problem" */
		snprintf(buf + len, sizeof(buf) - len,
			 crmi_base_text(db, "%san open %s%s", "%sоткрытый инцидент «%s»%.0s"),
			 len ? ", " : "", p->incident,
			 strcmp(p->incident, "quality") == 0 ? " problem" : "");
	}
	free(p->hot);
	p->hot = NULL;
	if (buf[0] && !(p->hot = strdup(buf))) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	return CRM_OK;
}

static crm_status load_items(struct crm_db *db, int64_t program, struct plan *pl)
{
	int64_t now = crm_db_now(db), today = crm_local_today(now);
	crmi_stmt *st = NULL;
	size_t cap = 0;
	crm_status ret = CRM_OK;
	int rc = crmi_stmt_new(db, sql_plan_items, &st);

	if (rc != CRMI_OK) {
		return crmi_sqlfail(db, rc, "cannot read the programme's list");
	}
	crmi_bind_int64(st, 1, program);
	crmi_bind_int64(st, 2, crm_config_int(db, "audit.forgotten.days.vip"));
	crmi_bind_int64(st, 3, crm_config_int(db, "audit.forgotten.days.key"));
	crmi_bind_int64(st, 4, crm_config_int(db, "audit.forgotten.days.regular"));
	crmi_bind_int64(st, 5, now - YEAR);
	crmi_bind_int64(st, 6, today);
	while (ret == CRM_OK && (rc = crmi_step(st)) == CRMI_ROW) {
		struct pitem *p;

		ret = grow(db, (void **)&pl->p, &cap, pl->np, sizeof(*pl->p));
		if (ret != CRM_OK) {
			break;
		}
		p = &pl->p[pl->np++];
		*p = (struct pitem){
			.item_id = crmi_col_int64(st, 0),
			.client_id = crmi_col_int64(st, 1),
			.owner_id = crmi_col_int64(st, 3),
			.monopolized = crmi_col_int(st, 5) != 0,
			.stored = crmi_col_int64(st, 6),
			.last_contact = crmi_col_int64(st, 7),
			.every = crmi_col_int64(st, 8),
			.conflict = crmi_col_int(st, 9) != 0,
			.broken = crmi_col_int64(st, 10),
			.verified = crmi_col_int64(st, 11),
		};
		p->client = crmi_vip_dup_text(db, crmi_col_text(st, 2), &ret);
		p->owner = crmi_vip_dup_text(db, crmi_col_text(st, 4), &ret);
		p->stored_reason = crmi_vip_dup_text(db, crmi_col_text(st, 12), &ret);
		p->storm = crmi_col_int(st, 13) != 0;
		p->incident = crmi_vip_dup_text(db, crmi_col_text(st, 14), &ret);
		if (ret == CRM_OK) {
			ret = hot_why(db, p);
		}
	}
	if (ret == CRM_OK && rc != CRMI_DONE) {
		ret = crmi_sqlfail(db, rc, "cannot read the programme's list");
	}
	crmi_finalize(st);
	return ret;
}

/* Appends "; "-separated text to buf. */
static void add_why(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add_why(char *buf, size_t n, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len && len + 2 < n) {
		memcpy(buf + len, "; ", 3);
		len += 2;
	}
	if (len >= n) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf + len, n - len, fmt, ap);
	va_end(ap);
}

/*
 * Whether relations between the owner and the client are good enough for
 * the owner to keep it in the programme (seed 004: "if not sure, someone
 * else takes it"). why gets the facts either way.
 */
static bool relations_good(struct crm_db *db, const struct pitem *p, int64_t now, char *why,
			   size_t n)
{
	int64_t today = crm_local_today(now);
	bool good = true;
	char d[16];

	why[0] = '\0';
	if (!p->last_contact) {
		add_why(why, n, "%s", crmi_base_text(db, "never contacted", "контактов не было"));
		good = false;
	} else if (p->last_contact < now - p->every * DAY) {
		add_why(why, n,
			crmi_base_text(db, "no contact for %lld days (every %lld wanted)",
				       "нет контакта %lld дн. (нужен раз в %lld дн.)"),
			(long long)((now - p->last_contact) / DAY), (long long)p->every);
		good = false;
	} else {
		add_why(why, n,
			crmi_base_text(db, "last contact %lld days ago (every %lld)",
				       "последний контакт %lld дн. назад (нужен раз в %lld дн.)"),
			(long long)((now - p->last_contact) / DAY), (long long)p->every);
	}
	if (p->conflict) {
		add_why(why, n, "%s", crmi_base_text(db, "an open conflict", "открытый конфликт"));
		good = false;
	}
	if (p->broken) {
		add_why(why, n,
			crmi_base_text(db, "%lld broken promise%s", "нарушенных обещаний: %lld%.0s"),
			(long long)p->broken,
			p->broken == 1 ? "" : "s");
		good = false;
	}
	if (!p->verified || p->verified < today - YEAR) {
		add_why(why, n, "%s",
			crmi_base_text(db, "no key contact verified within a year",
				       "за год не подтверждён ни один ключевой контакт"));
		good = false;
	} else {
		add_why(why, n,
			crmi_base_text(db, "a key contact verified on %s",
				       "ключевой контакт подтверждён %s"),
			crm_date_format(p->verified, d, sizeof(d)));
	}
	return good;
}

/* Whether member i may take one more item and stay within the shares. */
static bool has_room(const struct plan *pl, size_t i)
{
	size_t over = 0;

	if (pl->m[i].load < pl->base) {
		return true;
	}
	if (pl->m[i].load > pl->base) {
		return false;
	}
	for (size_t k = 0; k < pl->nm; k++) {
		over += pl->m[k].load > pl->base;
	}
	return (int64_t)over < pl->extra;
}

static int64_t member_of(const struct plan *pl, int64_t manager_id)
{
	for (size_t i = 0; i < pl->nm; i++) {
		if (pl->m[i].id == manager_id) {
			return (int64_t)i;
		}
	}
	return -1;
}

static crm_status set_reason(struct crm_db *db, struct pitem *p, const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;

	free(p->reason);
	p->reason = malloc(n);
	if (!p->reason) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	snprintf(p->reason, n, "%s%s", a, b);
	return CRM_OK;
}

/* Whom best_fit may pick. */
enum pick {
	PICK_ROOM,          /* a member with room in the share */
	PICK_FULL,          /* any member: every share is full */
	PICK_EXPERIENCED,   /* a member who is not a trainee, whatever the shares */
};

/* Whether member a is more experienced than member b: longer in the firm. */
static bool senior(const struct member *a, const struct member *b)
{
	return a->created < b->created;
}

/* The member who may be picked (see enum pick) and fits the client best,
 * never its owner; -1 when none. */
static int64_t best_fit(struct crm_db *db, struct plan *pl, struct fit_engine *fe,
			const struct pitem *p, enum pick pick, char *why, size_t n,
			crm_status *st)
{
	const char *full = pick != PICK_FULL ? ""
					      : crmi_base_text(db, "every share is full: ",
							       "все доли заполнены: ");
	struct fit_client fc = { 0 };
	int64_t best = -1;
	int best_score = 0;
	bool scored = false;

	why[0] = '\0';
	if (fe) {
		*st = fit_client_read(fe, &fc, p->client_id);
		if (*st != CRM_OK) {
			return -1;
		}
		scored = true;
	}
	for (size_t i = 0; i < pl->nm; i++) {
		bool better;
		int score = 0;

		if (pl->m[i].id == p->owner_id || (pick == PICK_ROOM && !has_room(pl, i)) ||
		    (pick == PICK_EXPERIENCED && pl->m[i].trainee)) {
			continue;
		}
		if (scored && pl->m[i].fit >= 0) {
			score = fit_score(fe, &fc, (size_t)pl->m[i].fit, 0);
		}
		if (best < 0 || score > best_score) {
			better = true;
		} else if (score < best_score) {
			better = false;
		} else if (pick == PICK_EXPERIENCED && pl->m[i].created != pl->m[best].created) {
			/* a client in trouble: to the one longest in the firm */
			better = senior(&pl->m[i], &pl->m[best]);
		} else {
			/* to the member with the shortest list, then by name */
			better = pl->m[i].load < pl->m[best].load;
		}
		if (better) {
			best = (int64_t)i;
			best_score = score;
		}
	}
	if (best >= 0 && scored && pl->m[best].fit >= 0) {
		char fw[400];

		fit_why(fe, &fc, (size_t)pl->m[best].fit, 0, fw, sizeof(fw));
		snprintf(why, n,
			 crmi_base_text(db, "%sbest fit %s (%s; %lld on the list)",
					"%sлучше всех подходит %s (%s; в списке %lld)"),
			 full, pl->m[best].name, fw, (long long)pl->m[best].load);
	} else if (best >= 0) {
		snprintf(why, n,
			 crmi_base_text(db, "%sthe shortest list: %s (%lld on the list)",
					"%sсамый короткий список: %s (в списке %lld)"),
			 full, pl->m[best].name, (long long)pl->m[best].load);
	}
	if (best >= 0 && pick == PICK_EXPERIENCED) {
		char tail[800];

		snprintf(tail, sizeof(tail), "%s", why);
		snprintf(why, n,
			 crmi_base_text(db, "%s: given to an experienced manager, not to balance "
					"the lists: %s",
					"%s: передан опытному менеджеру, а не ради ровных "
					"списков: %s"),
			 p->hot, tail);
	}
	if (scored) {
		fit_client_release(&fc);
	}
	return best;
}

/* First pass: owners on the staff with good relations keep their clients. */
static crm_status plan_keep(struct crm_db *db, struct plan *pl, char *why, size_t n)
{
	int64_t now = crm_db_now(db);
	crm_status st = CRM_OK;

	for (size_t k = 0; k < pl->np && st == CRM_OK; k++) {
		struct pitem *p = &pl->p[k];
		int64_t i = p->owner_id ? member_of(pl, p->owner_id) : -1;

		if (i < 0 || p->monopolized || !relations_good(db, p, now, why, n)) {
			continue;
		}
		if (p->hot && pl->m[i].trainee) {
			char head[1400];

			snprintf(head, sizeof(head),
				 crmi_base_text(db, "%s: the owner %s is a trainee; ",
						"%s: ответственный менеджер %s — стажёр; "),
				 p->hot, pl->m[i].name);
			st = set_reason(db, p, head, "");
			continue;
		}
		/* a client in trouble stays with its experienced owner, shares
		 * or not */
		if (!p->hot && !has_room(pl, (size_t)i)) {
			char head[1400];

			snprintf(head, sizeof(head),
				 crmi_base_text(db, "relations are good (%s), but %s's share is full; ",
						"отношения хорошие (%s), но доля менеджера %s "
						"заполнена; "),
				 why, pl->m[i].name);
			st = set_reason(db, p, head, "");
			continue;
		}
		p->surveyor = i + 1;
		p->kept = true;
		pl->m[i].load++;
		pl->m[i].kept++;
		if (p->hot) {
			char head[400];

			snprintf(head, sizeof(head),
				 crmi_base_text(db, "%s: the owner keeps it, an experienced manager "
						"with good relations: ",
						"%s: клиент остаётся у ответственного менеджера, "
						"опытного и с хорошими отношениями: "),
				 p->hot);
			st = set_reason(db, p, head, why);
		} else {
			st = set_reason(db, p,
					crmi_base_text(db, "the owner keeps it: relations are good: ",
						       "клиент остаётся у ответственного менеджера: "
						       "отношения хорошие: "),
					why);
		}
	}
	return st;
}

/* Why the owner does not keep the client, as the head of the reason. */
static void lost_why(struct crm_db *db, const struct plan *pl, const struct pitem *p,
		     int64_t now, char *head, size_t n)
{
	char why[600];

	if (!p->owner_id) {
		snprintf(head, n, "%s",
			 crmi_base_text(db, "no owner; ", "нет ответственного менеджера; "));
	} else if (p->monopolized) {
		snprintf(head, n,
			 crmi_base_text(db, "monopolised by the owner %s: it goes to someone else; ",
					"монополизирован ответственным менеджером %s: клиента "
					"опрашивает другой менеджер; "),
			 p->owner);
	} else if (member_of(pl, p->owner_id) < 0) {
		snprintf(head, n,
			 crmi_base_text(db, "the owner %s is not on the programme's staff; ",
					"ответственный менеджер %s не участвует в программе; "),
			 p->owner);
	} else {
		relations_good(db, p, now, why, sizeof(why));
		snprintf(head, n,
			 crmi_base_text(db, "relations with the owner %s are not good enough (%s); ",
					"отношения с ответственным менеджером %s недостаточно "
					"хорошие (%s); "),
			 p->owner, why);
	}
}

/* Second pass: every other client to the member who fits best, the
 * clients in trouble first (hot) to an experienced one; then the rest. */
static crm_status plan_rest(struct crm_db *db, struct plan *pl, struct fit_engine *fe, bool hot)
{
	int64_t now = crm_db_now(db);
	char head[800], why[1200];
	crm_status st = CRM_OK;

	for (size_t k = 0; k < pl->np && st == CRM_OK; k++) {
		struct pitem *p = &pl->p[k];
		int64_t i = -1;

		if (p->surveyor || (p->hot != NULL) != hot) {
			continue;
		}
		if (p->reason) {
			snprintf(head, sizeof(head), "%s", p->reason);
		} else {
			lost_why(db, pl, p, now, head, sizeof(head));
		}
		if (hot) {
			i = best_fit(db, pl, fe, p, PICK_EXPERIENCED, why, sizeof(why), &st);
			if (st == CRM_OK && i >= 0) {
				p->experienced = true;
			} else if (st == CRM_OK) {
				size_t len = strlen(head);

				snprintf(head + len, sizeof(head) - len,
					 crmi_base_text(db, "%s, but no experienced manager on the "
							"staff can take it; ",
							"%s, но среди участников программы нет "
							"опытного менеджера, который мог бы его "
							"взять; "),
					 p->hot);
			}
		}
		if (st == CRM_OK && i < 0) {
			i = best_fit(db, pl, fe, p, PICK_ROOM, why, sizeof(why), &st);
		}
		if (st == CRM_OK && i < 0) {
			/* the balancing pass evens the lists out afterwards */
			i = best_fit(db, pl, fe, p, PICK_FULL, why, sizeof(why), &st);
		}
		if (st != CRM_OK) {
			break;
		}
		if (i < 0) {
			snprintf(why, sizeof(why), "%s",
				 crmi_base_text(db, "nobody else on the staff to take it",
						"больше никто из участников программы не может "
						"его взять"));
		}
		if (i >= 0) {
			p->surveyor = i + 1;
			pl->m[i].load++;
		}
		p->head = strdup(head);
		st = p->head ? set_reason(db, p, head, why) : crmi_fail(db, CRM_ENOMEM,
									"out of memory");
	}
	return st;
}

/*
 * Third pass: the greedy passes can leave a member short when the clients
 * still to place were all its own (which it may not keep). Each member
 * below the base share takes an item from a member above it, one it may
 * survey (not its own client), until no such move is left.
 */
static crm_status plan_balance(struct crm_db *db, struct plan *pl)
{
	char why[400];
	crm_status st = CRM_OK;
	bool moved = true;

	while (moved && st == CRM_OK) {
		moved = false;
		for (size_t u = 0; u < pl->nm && !moved; u++) {
			if (pl->m[u].load >= pl->base) {
				continue;
			}
			for (size_t k = 0; k < pl->np && !moved; k++) {
				struct pitem *p = &pl->p[k];
				struct member *o = p->surveyor ? &pl->m[p->surveyor - 1] : NULL;

				/* a client in trouble stays with its experienced
				 * member: the lists may stay uneven */
				if (!o || p->kept || p->experienced || o->load <= pl->base ||
				    p->owner_id == pl->m[u].id) {
					continue;
				}
				o->load--;
				pl->m[u].load++;
				p->surveyor = (int64_t)u + 1;
				snprintf(why, sizeof(why),
					 crmi_base_text(db, "%s, so that the lists stay balanced "
							"(%lld on the list)",
							"%s, чтобы списки оставались ровными "
							"(в списке %lld)"),
					 pl->m[u].name, (long long)pl->m[u].load - 1);
				st = set_reason(db, p, p->head ? p->head : "", why);
				moved = true;
			}
		}
	}
	return st;
}

static crm_status plan_output(struct crm_db *db, struct plan *pl)
{
	struct crm_vip_plan *o = &pl->pub;

	o->items = calloc(pl->np ? pl->np : 1, sizeof(*o->items));
	o->loads = calloc(pl->nm ? pl->nm : 1, sizeof(*o->loads));
	if (!o->items || !o->loads) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	for (size_t k = 0; k < pl->np; k++) {
		const struct pitem *p = &pl->p[k];
		const struct member *m = p->surveyor ? &pl->m[p->surveyor - 1] : NULL;

		o->items[k] = (struct crm_vip_assignment){
			.item_id = p->item_id,
			.client_id = p->client_id,
			.client = p->client,
			.owner_id = p->owner_id,
			.owner = p->owner,
			.surveyor_id = m ? m->id : 0,
			.surveyor = m ? m->name : NULL,
			.kept = p->kept,
			.changed = (m ? m->id : 0) != p->stored ||
				   !p->stored_reason || strcmp(p->stored_reason, p->reason) != 0,
			.reason = p->reason,
		};
	}
	o->n = pl->np;
	for (size_t i = 0; i < pl->nm; i++) {
		o->loads[i] = (struct crm_vip_load){
			.manager_id = pl->m[i].id,
			.manager = pl->m[i].name,
			.items = pl->m[i].load,
			.kept = pl->m[i].kept,
			.done = pl->m[i].done,
		};
	}
	o->nloads = pl->nm;
	return CRM_OK;
}

static crm_status plan_store(struct crm_db *db, int64_t program, const struct crm_vip_plan *o)
{
	cJSON *j = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	crmi_stmt *st;
	int64_t changed = 0;
	crm_status ret = j && arr ? CRM_OK : crmi_fail(db, CRM_ENOMEM, "out of memory");

	for (size_t k = 0; ret == CRM_OK && k < o->n; k++) {
		const struct crm_vip_assignment *a = &o->items[k];
		cJSON *e;

		if (!a->changed) {
			continue;
		}
		st = crmi_prepare(db, sql_plan_store);
		if (!st) {
			ret = db->errcode;
			break;
		}
		crmi_bind_int64(st, 1, a->item_id);
		if (a->surveyor_id) {
			crmi_bind_int64(st, 2, a->surveyor_id);
		}
		crmi_bind_text(st, 3, a->reason);
		crmi_bind_int64(st, 4, crm_db_now(db));
		ret = crmi_step_done(db, st, "cannot store the assignment");
		changed++;
		e = cJSON_CreateObject();
		crmi_json_int(e, "item_id", a->item_id);
		crmi_json_int(e, "client_id", a->client_id);
		if (a->surveyor_id) {
			crmi_json_int(e, "surveyor_id", a->surveyor_id);
		} else {
			cJSON_AddNullToObject(e, "surveyor_id");
		}
		cJSON_AddBoolToObject(e, "kept", a->kept);
		cJSON_AddItemToArray(arr, e);
	}
	if (ret == CRM_OK) {
		crmi_json_int(j, "pending", (int64_t)o->n);
		crmi_json_int(j, "changed", changed);
		cJSON_AddItemToObject(j, "assignments", arr);
		arr = NULL;
		ret = crmi_journal(db, "vip.assign", "vip_program", program, j);
		j = NULL;
	}
	cJSON_Delete(arr);
	cJSON_Delete(j);
	return ret;
}

static crm_status assign_locked(struct crm_db *db, int64_t program, bool apply, struct plan *pl)
{
	struct fit_engine *fe = NULL;
	char why[600];
	int64_t total;
	bool found;
	crm_status st = crmi_vip_query_int(db, sql_program_closed, program, &total, &found);

	if (st == CRM_OK && !found) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no VIP programme with id %lld", (long long)program);
	} else if (st == CRM_OK && total) {
		st = crmi_fail(db, CRM_ECONFLICT, "VIP programme %lld is closed: nothing to assign",
			       (long long)program);
	}
	if (st == CRM_OK) {
		st = load_staff(db, program, pl);
	}

	if (st == CRM_OK && pl->nm == 0) {
		st = crmi_fail(db, CRM_ECONFLICT,
			       "VIP programme %lld has no active staff member to survey its clients",
			       (long long)program);
	}
	if (st == CRM_OK) {
		st = load_items(db, program, pl);
	}
	if (st != CRM_OK) {
		return st;
	}
	total = (int64_t)pl->np;
	for (size_t i = 0; i < pl->nm; i++) {
		total += pl->m[i].done;
	}
	pl->base = total / (int64_t)pl->nm;
	pl->extra = total % (int64_t)pl->nm;
	st = fit_engine_create(db, &fe);
	if (st != CRM_OK) {
		return st;
	}
	for (size_t i = 0; i < pl->nm; i++) {
		pl->m[i].fit = fit_engine_find(fe, pl->m[i].id);
	}
	st = plan_keep(db, pl, why, sizeof(why));
	if (st == CRM_OK) {
		st = plan_rest(db, pl, fe, true);
	}
	if (st == CRM_OK) {
		st = plan_rest(db, pl, fe, false);
	}
	if (st == CRM_OK) {
		st = plan_balance(db, pl);
	}
	fit_engine_destroy(fe);
	if (st == CRM_OK) {
		st = plan_output(db, pl);
	}
	if (st == CRM_OK && apply) {
		st = plan_store(db, program, &pl->pub);
	}
	return st;
}

crm_status crm_vip_assign(struct crm_db *db, int64_t program_id, bool apply,
			  struct crm_vip_plan **out)
{
	struct plan *pl;
	crm_status st;

	*out = NULL;
	pl = calloc(1, sizeof(*pl));
	if (!pl) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = crmi_atomic_begin(db);
	if (st == CRM_OK) {
		st = assign_locked(db, program_id, apply, pl);
		/* a plan that is not applied writes nothing: roll back anyway */
		st = crmi_atomic_end(db, st);
	}
	if (st != CRM_OK) {
		crm_vip_plan_destroy(&pl->pub);
		return st;
	}
	*out = &pl->pub;
	return CRM_OK;
}
