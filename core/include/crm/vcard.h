/*
 * crm/vcard.h: reading address-book cards (vCard 4.0, 3.0 and 2.1) and
 * importing them as the contacts of a client.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_VCARD_H
#define CRM_CRM_VCARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/db.h"
#include "crm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * One card as crm reads it: every string is malloc'd UTF-8 and owned by
 * the struct crm_vcards that holds the card; NULL when the card does not
 * carry the field.
 */
struct crm_vcard {
	int line;               /* the line of BEGIN:VCARD */
	char *uid;              /* UID without "urn:uuid:" */
	char *name;             /* FN, else the parts of N */
	char *first_name;       /* N: given, additional, family; all NULL when N is */
	char *patronymic;       /* absent or only repeats FN in its family part */
	char *last_name;
	char *org;              /* ORG's first part */
	char *position;         /* TITLE */
	char *role;             /* ROLE */
	char *phone;            /* the preferred TEL, else the first */
	char *email;            /* the preferred EMAIL, else the first */
	char *address;          /* the preferred ADR, else the first: its parts on one line */
	char *birthday;         /* BDAY as "1970-05-12", or "--05-12" without a year */
	char *note;             /* NOTE (several are joined by a new line) */
	char *gender;           /* GENDER: "f", "m" */
	char *address_as;       /* X-CRM-ADDRESS-AS */
	char *preferred;        /* X-CRM-PREFERRED */
	char *messenger;        /* X-CRM-MESSENGER */
	char *verified;         /* X-CRM-VERIFIED: "2026-11-20" */
	char *left;             /* X-CRM-LEFT: "2026-11-20" */
	char *successor;        /* X-CRM-SUCCESSOR without "urn:uuid:" */
	int64_t rev;            /* REV as UTC seconds; 0 when absent or unreadable */
	char **interests;       /* X-CRM-INTERESTS, when has_interests */
	size_t ninterests;
	bool has_interests;
	int key;                /* X-CRM-KEY: 1 TRUE, 0 FALSE, -1 absent */
};

struct crm_vcards {
	struct crm_vcard *cards;
	size_t n;
};

/*
 * Parses the cards of text (len bytes, CRLF or LF line ends, folded lines,
 * item groups, vCard 2.1 quoted-printable with CHARSET, 3.0 TYPE= lists).
 * On a broken card (no END:VCARD, no FN and no N, a line that is no
 * property, invalid UTF-8, a bad BDAY, ...) returns CRM_EDATA with
 * err->msg "line N: ..." and out empty. out is released by
 * crm_vcards_release, whatever the result.
 */
crm_status crm_vcard_parse(const char *text, size_t len, struct crm_vcards *out,
			   struct crm_error *err);
void crm_vcards_release(struct crm_vcards *v);

struct crm_vcard_stats {
	int64_t added;
	int64_t updated;
	int64_t unchanged;
};

/*
 * Adds or updates the contacts of the client from cards, as one atomic
 * unit: a card matches a contact of the client by UID (the contact's
 * uuid), else by email, else by phone (digits only); a matched contact
 * gets the fields the card carries (the others stay), a card that
 * matches nothing becomes a new contact (with the card's uuid when UID
 * is one). A card whose data crm refuses gives CRM_EDATA naming its line;
 * a UID of a contact of another client gives CRM_ECONFLICT.
 */
crm_status crm_vcard_import(struct crm_db *db, int64_t client_id, const struct crm_vcards *cards,
			    struct crm_vcard_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
