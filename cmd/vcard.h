/*
 * vcard.h: the vCard 4.0 writer (RFC 6350) of crm contact export.
 */
#ifndef CRM_CMD_VCARD_H
#define CRM_CMD_VCARD_H

#include <stdio.h>

#include "crm/crm.h"

/*
 * Writes c as one vCard 4.0 to out: CRLF line ends, text escaped, lines
 * folded at 75 octets between UTF-8 characters. successor_uuid is the
 * uuid of c's successor (NULL: none). Returns 0, or -1 when out fails.
 */
int vcard_write(FILE *out, const struct crm_contact *c, const char *successor_uuid);

#endif
