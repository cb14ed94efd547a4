/*
 * ics.c: --format ics, the iCalendar (RFC 5545) writer. A calendar is a
 * tree of libical components and properties; libical escapes the text,
 * folds the lines at 75 octets (never inside a character) and ends them
 * with CRLF, so nothing here writes iCalendar syntax by hand.
 *
 * The texts of a calendar (a summary's "Birthday:", a description's
 * "Key contact:") follow the base's language (base.language), not the
 * locale: the file is refreshed by cron, whose locale is rarely the
 * manager's, and read on a phone, and it must not change language
 * between a run at the terminal and a run from cron.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "ics.h"
#include "opts.h"
#include "report.h"
#include "banned.h"

struct ics {
	struct crm_ctx *ctx;
	icalcomponent *cal;
	icaltimezone *zone;      /* the base's zone; NULL: UTC */
	char *tzid;              /* its IANA name, the TZID */
	bool ru;                 /* base.language */
	int64_t first;           /* the first timed event: the VTIMEZONE starts there */
};

bool ics_args_ok(struct crm_ctx *ctx, const char *const *usage)
{
	if (ctx->fields) {
		usage_error(usage, "--fields does not apply to --format ics: a calendar has no "
				   "columns");
		return false;
	}
	return true;
}

static const char *tr(const struct ics *c, const char *en, const char *ru)
{
	return c->ru ? ru : en;
}

/* The calendar, its base's language and zone; NULL when out of memory. */
static struct ics *ics_create(struct crm_ctx *ctx, const char *name_en, const char *name_ru)
{
	struct ics *c = calloc(1, sizeof(*c));
	char *lang = NULL, *zone = NULL;

	if (!c) {
		return NULL;
	}
	c->ctx = ctx;
	if (crm_config_get(ctx->db, "base.language", &lang, NULL) == CRM_OK && lang) {
		c->ru = strcmp(lang, "ru") == 0;
	}
	free(lang);
	/* the dispatcher checked the zone: an unknown one left UTC (and said so) */
	if (crm_config_get(ctx->db, "time.zone", &zone, NULL) == CRM_OK && zone &&
	    strcmp(zone, "UTC") != 0 && crm_zone_check(zone) == CRM_OK) {
		c->zone = icaltimezone_get_builtin_timezone(zone);
	}
	if (c->zone) {
		c->tzid = zone;
	} else {
		free(zone);
	}
	c->cal = icalcomponent_vanew(
		ICAL_VCALENDAR_COMPONENT, icalproperty_new_prodid("-//crm//crm " CRM_VERSION "//EN"),
		icalproperty_new_version("2.0"), icalproperty_new_calscale("GREGORIAN"), (void *)0);
	if (!c->cal) {
		free(c);
		return NULL;
	}
	icalproperty *p = icalproperty_new_x(tr(c, name_en, name_ru));
	icalproperty_set_x_name(p, "X-WR-CALNAME");
	icalcomponent_add_property(c->cal, p);
	return c;
}

static void ics_destroy(struct ics *c)
{
	if (c) {
		icalcomponent_free(c->cal);
		free(c->tzid);
		free(c);
	}
}

/* The calendar on stdout, then freed; the exit code. */
static int ics_finish(struct ics *c)
{
	char *text;
	int code = 0;

	if (c->zone && c->first) {
		/* the zone's rules from the first event on, not its history */
		icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(c->zone));
		icaltimetype utc = icaltime_from_timet_with_zone((time_t)c->first, 0,
								 icaltimezone_get_utc_timezone());

		icaltimezone_truncate_vtimezone(vtz, utc, icaltime_null_time(), 0);
		/* the zone's IANA name as its TZID, as calendars write it, not
		 * libical's "/freeassociation.sourceforge.net/" prefixed one */
		icalproperty_set_tzid(icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY),
				      c->tzid);
		/* libical writes a VTIMEZONE before the other components */
		icalcomponent_add_component(c->cal, vtz);
	}
	text = icalcomponent_as_ical_string_r(c->cal);
	if (!text) {
		code = report(c->ctx, CRM_ENOMEM);
	} else {
		fputs(text, stdout);
		free(text);
	}
	ics_destroy(c);
	return code;
}

static void add(icalcomponent *comp, icalproperty *p)
{
	icalcomponent_add_property(comp, p);
}

static icaltimetype utc_time(int64_t t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

static icaltimetype date_of(int year, int month, int day)
{
	icaltimetype d = icaltime_null_date();

	d.year = year;
	d.month = month;
	d.day = day;
	return d;
}

/* A moment in the base's zone, with its TZID, or in UTC (Z). */
static icalproperty *when_prop(struct ics *c, icalproperty *p, int64_t t)
{
	if (!c->zone) {
		icalproperty_set_value(p, icalvalue_new_datetime(utc_time(t)));
		return p;
	}
	/* the wall-clock time in the zone, written without Z, and its TZID */
	icaltimetype local = icaltime_from_timet_with_zone((time_t)t, 0, c->zone);

	local.zone = NULL;
	icalproperty_set_value(p, icalvalue_new_datetime(local));
	icalproperty_add_parameter(p, icalparameter_new_tzid(c->tzid));
	if (!c->first || t < c->first) {
		c->first = t;
	}
	return p;
}

/* A growing text; false when out of memory. */
struct text {
	char *p;
	size_t len;
};

static bool text_add(struct text *s, const char *part)
{
	size_t n = strlen(part);
	char *p = realloc(s->p, s->len + n + 1);

	if (!p) {
		return false;
	}
	memcpy(p + s->len, part, n + 1);
	s->p = p;
	s->len += n;
	return true;
}

/*
 * The description of an action: each present key contact of its client
 * with the phone, then the command that shows the action. The client's
 * uuid into *uuid (malloc'd).
 */
static crm_status describe(struct ics *c, const struct crm_next_action *n, char **desc,
			   char **uuid)
{
	struct crm_contact_filter cf = { .client_id = n->client_id, .key_only = true };
	struct crm_client_filter kf = { .id = n->client_id };
	struct crm_contact_iter *it = NULL;
	struct crm_client_iter *ci = NULL;
	const struct crm_contact *k;
	const struct crm_client *cl;
	struct text s = { 0 };
	char num[64];
	bool ok = true;
	crm_status st;

	*desc = NULL;
	*uuid = NULL;
	st = crm_contact_query(c->ctx->db, &cf, &it);
	while (st == CRM_OK && (st = crm_contact_iter_next(it, &k)) == CRM_OK) {
		if (k->left) {
			continue; /* gone from the client: not whom to call */
		}
		ok = ok && text_add(&s, tr(c, "Key contact: ", "Ключевой контакт: ")) &&
		     text_add(&s, k->name);
		if (k->phone) {
			ok = ok && text_add(&s, ", ") && text_add(&s, k->phone);
		}
		ok = ok && text_add(&s, "\n");
	}
	crm_contact_iter_destroy(it);
	if (st != CRM_DONE) {
		free(s.p);
		return st;
	}
	snprintf(num, sizeof(num), "crm next show %lld", (long long)n->id);
	if (!ok || !text_add(&s, num)) {
		free(s.p);
		return CRM_ENOMEM;
	}
	st = crm_client_query(c->ctx->db, &kf, &ci);
	if (st == CRM_OK && (st = crm_client_iter_next(ci, &cl)) == CRM_OK) {
		*uuid = strdup(cl->uuid);
		st = *uuid ? CRM_OK : CRM_ENOMEM;
	} else if (st == CRM_DONE) {
		st = CRM_ENOTFOUND;
	}
	crm_client_iter_destroy(ci);
	if (st != CRM_OK) {
		free(s.p);
		return st;
	}
	*desc = s.p;
	return CRM_OK;
}

/*
 * One action: a VEVENT at its time (calendar.duration long), or a VTODO
 * due on its day. Open: CONFIRMED or NEEDS-ACTION; done: CANCELLED, so
 * that a subscribed calendar drops it. The UID is the action's id within
 * its client's uuid: the action has no uuid of its own, its id is never
 * reused (AUTOINCREMENT) and its client never changes, so the UID stays
 * the same across runs, moves and edits, and no two bases share it.
 */
static crm_status add_next(struct ics *c, const struct crm_next_action *n, int64_t minutes)
{
	bool done = n->done != 0 || strcmp(n->status, "open") != 0;
	icalcomponent *comp;
	char *desc, *uuid, *summary, uid[128];
	size_t len;
	crm_status st = describe(c, n, &desc, &uuid);

	if (st != CRM_OK) {
		return st;
	}
	snprintf(uid, sizeof(uid), "next-%lld-%s@crm", (long long)n->id, uuid);
	free(uuid);
	len = strlen(n->client) + strlen(n->text) + 3;
	summary = malloc(len);
	if (!summary) {
		free(desc);
		return CRM_ENOMEM;
	}
	snprintf(summary, len, "%s: %s", n->client, n->text);
	if (n->timed) {
		comp = icalcomponent_new_vevent();
		add(comp, when_prop(c, icalproperty_new(ICAL_DTSTART_PROPERTY), n->due));
		add(comp, when_prop(c, icalproperty_new(ICAL_DTEND_PROPERTY), n->due + minutes * 60));
		add(comp, icalproperty_new_status(done ? ICAL_STATUS_CANCELLED :
							 ICAL_STATUS_CONFIRMED));
	} else {
		icaltimetype due = icaltime_from_timet_with_zone((time_t)n->due, 1,
								 icaltimezone_get_utc_timezone());

		comp = icalcomponent_new_vtodo();
		add(comp, icalproperty_new_due(date_of(due.year, due.month, due.day)));
		add(comp, icalproperty_new_status(done ? ICAL_STATUS_CANCELLED :
							 ICAL_STATUS_NEEDSACTION));
	}
	add(comp, icalproperty_new_uid(uid));
	add(comp, icalproperty_new_dtstamp(utc_time(c->ctx->now)));
	add(comp, icalproperty_new_summary(summary));
	add(comp, icalproperty_new_description(desc));
	add(comp, icalproperty_new_categories(n->kind));
	icalcomponent_add_component(c->cal, comp);
	free(summary);
	free(desc);
	return CRM_OK;
}

int ics_next_list(struct crm_ctx *ctx, const struct crm_next_filter *f)
{
	struct ics *c = ics_create(ctx, "crm: next actions", "crm: следующие действия");
	struct crm_next_iter *it = NULL;
	const struct crm_next_action *n;
	int64_t minutes = crm_config_int(ctx->db, "calendar.duration");
	crm_status st;

	if (!c) {
		return report(ctx, CRM_ENOMEM);
	}
	st = crm_next_query(ctx->db, f, &it);
	while (st == CRM_OK && (st = crm_next_iter_next(it, &n)) == CRM_OK) {
		st = add_next(c, n, minutes);
	}
	crm_next_iter_destroy(it);
	if (st != CRM_DONE) {
		ics_destroy(c);
		return report(ctx, st);
	}
	return ics_finish(c);
}

/*
 * A birthday: an all-day event each year. A known year starts the rule
 * at the day of birth; an unknown one at the same day of 2000, a leap
 * year (29 February exists in it) that every calendar handles (unlike
 * Apple's 1604, before the Gregorian calendar reached most of the
 * world, which some calendars refuse or shift) and that never changes
 * (unlike the current year, which would rewrite every event each
 * January). 29 February recurs on the last day of February, the 28th in
 * the other years: a plain yearly rule would skip three years in four
 * (RFC 5545 drops an invalid date).
 */
static void add_birthday(struct ics *c, const struct ics_birthday *b)
{
	icalcomponent *comp = icalcomponent_new_vevent();
	struct icalrecurrencetype r;
	char uid[128], *summary;
	size_t len;

	icalrecurrencetype_clear(&r);
	r.freq = ICAL_YEARLY_RECURRENCE;
	if (b->month == 2 && b->day == 29) {
		r.by_month[0] = 2;
		r.by_month[1] = ICAL_RECURRENCE_ARRAY_MAX;
		r.by_month_day[0] = -1;
		r.by_month_day[1] = ICAL_RECURRENCE_ARRAY_MAX;
	}
	snprintf(uid, sizeof(uid), "birthday-%s@crm", b->uuid);
	len = strlen(b->name) + strlen(b->client) + 64;
	summary = malloc(len);
	if (summary) {
		snprintf(summary, len, c->ru ? "День рождения: %s (%s)" : "Birthday: %s (%s)",
			 b->name, b->client);
	}
	add(comp, icalproperty_new_uid(uid));
	add(comp, icalproperty_new_dtstamp(utc_time(c->ctx->now)));
	add(comp, icalproperty_new_dtstart(date_of(b->year ? b->year : 2000, b->month, b->day)));
	add(comp, icalproperty_new_rrule(r));
	add(comp, icalproperty_new_summary(summary ? summary : b->name));
	add(comp, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	add(comp, icalproperty_new_categories(tr(c, "Birthday", "День рождения")));
	icalcomponent_add_component(c->cal, comp);
	free(summary);
}

int ics_birthdays(struct crm_ctx *ctx, const struct ics_birthday *b, size_t n)
{
	struct ics *c = ics_create(ctx, "crm: birthdays", "crm: дни рождения");

	if (!c) {
		return report(ctx, CRM_ENOMEM);
	}
	for (size_t i = 0; i < n; i++) {
		add_birthday(c, &b[i]);
	}
	return ics_finish(c);
}
