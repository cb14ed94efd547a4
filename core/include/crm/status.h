/*
 * crm/status.h: what every call returns; the error of calls without a base.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_STATUS_H
#define CRM_CRM_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum crm_status {
	CRM_OK = 0,
	CRM_DONE,       /* iterator exhausted: not an error */
	CRM_ENOMEM,     /* out of memory */
	CRM_EINVAL,     /* invalid argument value */
	CRM_ENOTFOUND,  /* no such record, or no base at the path */
	CRM_EAMBIGUOUS, /* a reference matches several records */
	CRM_EEXIST,     /* already exists */
	CRM_ECONFLICT,  /* refused by a rule of the data */
	CRM_EDB,        /* storage error: corrupt, read-only, not a crm base */
	CRM_ESCHEMA,    /* the base was written by a newer crm */
	CRM_EDATA,      /* bad record in an input file */
	CRM_EBUSY,      /* the base stayed locked past the timeout */
	CRM_ENOINPUT,   /* an input file is missing or unreadable */
} crm_status;

/* A short lowercase name of the status ("not found"); static storage. */
const char *crm_status_str(crm_status st);

/* Error filled by calls that have no db handle yet (crm_db_open). */
struct crm_error {
	crm_status code;
	char msg[1024];
};

#ifdef __cplusplus
}
#endif
#endif
