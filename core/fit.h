/*
 * fit.h: the scoring engine behind crm_fit_rank, shared by handover.c for
 * bulk plans. The managers are read once (their words interned as bit
 * sets); per client only its own traits, interests and history are read.
 */
#ifndef CRM_FIT_H
#define CRM_FIT_H

#include "crm-private.h"

/* SQL: whether manager m is a trainee at the time now (both SQL text):
 * trainee = 1 and its training not over (trainee_until NULL or later). */
#define CRMI_SQL_TRAINEE(m, now)                                                         \
	"(" m ".trainee = 1 AND (" m ".trainee_until IS NULL OR " m ".trainee_until > " now "))"

/* Points of each rule; crm-handover(1) documents them. */
enum {
	FIT_INTEREST = 10,      /* per shared interest */
	FIT_TRAIT = 5,          /* per shared trait */
	FIT_PATIENT = 20,       /* a patient manager for a client needing patience */
	FIT_ENERGETIC = -15,    /* an energetic manager for a reserved client */
	FIT_HANDLED = 5,        /* handled this client before */
	FIT_ROOM = 10,          /* the most for free capacity: 10 * free / capacity */
	FIT_FULL = -30,         /* holds as many clients as the capacity, or more */
	FIT_CONFLICT = -1000,   /* had a conflict with this client: always last */
	FIT_ASKED_AWAY = -1000, /* the client asked within a year to be rid of it */
	FIT_TRAINEE = -500,     /* a trainee, for a vip or key client: after the others */
};

/* How long a client's request to be rid of a manager holds. */
#define FIT_ASKED_AWAY_DAYS 365

struct fit_manager {
	int64_t id;
	char *name;
	char *fold;             /* folded name, to match authors */
	char *email;
	char *phone;
	bool active;
	bool head;
	int64_t capacity;
	int64_t load;           /* live clients held plus pending handovers to them */
	bool energetic;
	bool patient;
	bool trainee;           /* a trainee now (CRMI_SQL_TRAINEE) */
	int64_t mentor_id;      /* its mentor; 0 none */
	uint64_t *interests;    /* bit sets over the engine's words */
	uint64_t *traits;
};

struct fit_engine {
	struct crm_db *db;
	struct fit_manager *m;  /* by id */
	size_t n;
	char **words;           /* folded words of the managers, sorted */
	char **shown;           /* the same words as first written */
	size_t nwords;
	size_t nbits;           /* uint64 per bit set */
	size_t *by_fold;        /* manager indexes sorted by folded name */
	sqlite3_stmt *history;  /* the client's conflicts and handlers */
};

/* What one client brings to the score. */
struct fit_client {
	int64_t id;
	uint64_t *interests;    /* engine->nbits each; owned */
	uint64_t *traits;
	bool reserved;
	bool needs_patience;
	bool important;         /* tier vip or key: not for a trainee */
	unsigned char *mark;    /* per manager: FIT_MARK_* */
};

enum {
	FIT_MARK_CONFLICT = 1u << 0,
	FIT_MARK_HANDLED = 1u << 1,
	FIT_MARK_ASKED_AWAY = 1u << 2, /* taken from it on a client-request within a year */
	FIT_MARK_ENDED_BADLY = 1u << 3, /* its last relation ended by client-request or conflict */
};

/* Whether manager i may be proposed for the client at all (suggest, plan):
 * active, not in conflict with it, not one the client asked to be rid of. */
bool fit_proposable(const struct fit_engine *e, const struct fit_client *fc, size_t i);

/* Reads every manager once. *out is freed with fit_engine_destroy. */
crm_status fit_engine_create(struct crm_db *db, struct fit_engine **out);
void fit_engine_destroy(struct fit_engine *e);
/* The index of manager id, or -1. */
int64_t fit_engine_find(const struct fit_engine *e, int64_t id);

/* Prepares fc for the client with these word lists (JSON arrays; tags may
 * be NULL) and its tier (NULL: regular), and reads its history (conflicts,
 * who handled it, whom it asked to be rid of). */
crm_status fit_client_load(struct fit_engine *e, struct fit_client *fc, int64_t client_id,
			   const char *traits, const char *interests, const char *tags,
			   const char *tier);
/* Reads the client's own words too; ENOTFOUND without the client. */
crm_status fit_client_read(struct fit_engine *e, struct fit_client *fc, int64_t client_id);
void fit_client_release(struct fit_client *fc);

/* The score of manager i for the client, the manager holding extra more
 * clients than its load (placed by a plan so far). */
int fit_score(const struct fit_engine *e, const struct fit_client *fc, size_t i, int64_t extra);
/* Why, as "shared interests: fishing; load 12/40" into buf. */
void fit_why(const struct fit_engine *e, const struct fit_client *fc, size_t i, int64_t extra,
	     char *buf, size_t n);

#endif
