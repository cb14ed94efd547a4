/*
 * crm/contact.h: key contacts of a client.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_CONTACT_H
#define CRM_CRM_CONTACT_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"
#include "crm/sheet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The genders a contact or a manager may have: f, m (NULL: unknown). */
extern const char *const crm_genders[];
/* The channels a contact may prefer: email, phone, messenger. */
extern const char *const crm_contact_channels[];

struct crm_contact {
	int64_t id;
	const char *uuid;
	int64_t client_id;
	const char *client;
	const char *name;
	const char *role;
	const char *phone;
	const char *email;
	const char *address;     /* postal address, one line; NULL none */
	/* the name in parts, for the letters: NULL unknown */
	const char *first_name;
	const char *patronymic;
	const char *last_name;
	const char *gender;      /* crm_genders; NULL unknown */
	const char *address_as;  /* how the person is addressed ("Андрей Викторович") */
	/* the person: NULL unknown */
	const char *position;    /* job title */
	const char *birthday;    /* "1970-05-12", or "--05-12" when the year is unknown */
	const char *interests;   /* JSON array text, never NULL */
	const char *note;
	const char *preferred;   /* crm_contact_channels */
	const char *messenger;   /* "telegram @ivanov" */
	int64_t left;            /* the day the person left the client; 0 still there */
	int64_t successor_id;    /* the contact who took over; 0 none */
	bool key;
	int64_t verified;        /* last confirmed with the client; 0 never */
	int64_t created;
};

struct crm_contact_input {
	const char *name;
	const char *role;
	const char *phone;
	const char *email;
	const char *address;     /* postal address; "" clears it on edit */
	/* one line each; NULL unchanged (edit), "" clears it */
	const char *first_name;
	const char *patronymic;
	const char *last_name;
	const char *gender;      /* crm_genders */
	const char *address_as;
	/* the person: NULL unchanged (edit), "" clears it */
	const char *position;
	const char *birthday;    /* checked by crm_birthday_parse */
	const char *note;        /* crm_check_text */
	const char *preferred;   /* crm_contact_channels */
	const char *messenger;
	struct crm_list_edit interests;
	int key;                 /* -1 unchanged, 0, 1 */
	const char *uuid;        /* import only */
	int64_t verified;        /* import only; 0 none */
	int64_t created;         /* import only; 0 now */
	/* add, and edit of the email or phone: a contact still at the same
	 * client with the same email or phone is refused (CRM_ECONFLICT,
	 * naming them) unless force */
	bool force;
};

struct crm_contact_filter {
	int64_t client_id;       /* 0: every client */
	bool key_only;           /* key people still at the client */
	bool present_only;       /* not those who left the client */
	int64_t stale_days;      /* > 0: not verified within that many days before today
				  * (never verified counts as stale) */
	int64_t id;              /* one contact only */
};

struct crm_contact_iter;

/*
 * A birthday as crm stores it: "YYYY-MM-DD", or "--MM-DD" when the year is
 * unknown (vCard's form). True when s is one of them and a real day (29
 * February with a year only in a leap year); *year gets 0 when unknown.
 */
bool crm_birthday_parse(const char *s, int *year, int *month, int *day);

crm_status crm_contact_add(struct crm_db *db, int64_t client_id,
			   const struct crm_contact_input *in, int64_t *id);
crm_status crm_contact_edit(struct crm_db *db, int64_t id, const struct crm_contact_input *in);
/*
 * The person left the client on the day of when (0: today; a day after
 * today is refused, and so is a contact who has already left: CRM_ECONFLICT).
 * They stay in the list and the journal, marked, and leave the key-contact
 * counts, the notices and the calendars. With successor (NULL: none) a new
 * contact at the same client is added in the same transaction (a key
 * person when the leaver was one; their role and position unless the
 * successor's input gives them) and linked as the leaver's successor;
 * *successor_id (may be NULL) gets its id, 0 without one.
 */
crm_status crm_contact_leave(struct crm_db *db, int64_t id, int64_t when,
			     const struct crm_contact_input *successor, int64_t *successor_id);
crm_status crm_contact_verify(struct crm_db *db, int64_t id, int64_t when);
crm_status crm_contact_remove(struct crm_db *db, int64_t id);
crm_status crm_contact_resolve(struct crm_db *db, const char *ref, int64_t *id);
crm_status crm_contact_query(struct crm_db *db, const struct crm_contact_filter *f,
			     struct crm_contact_iter **out);
crm_status crm_contact_iter_next(struct crm_contact_iter *it, const struct crm_contact **row);
void crm_contact_iter_destroy(struct crm_contact_iter *it);

#ifdef __cplusplus
}
#endif
#endif
