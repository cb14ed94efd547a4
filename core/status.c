/*
 * status.c: names of the status codes.
 */
#include "crm-private.h"

const char *crm_status_str(crm_status st)
{
	switch (st) {
	case CRM_OK:
		return "ok";
	case CRM_DONE:
		return "done";
	case CRM_ENOMEM:
		return "out of memory";
	case CRM_EINVAL:
		return "invalid value";
	case CRM_ENOTFOUND:
		return "not found";
	case CRM_EAMBIGUOUS:
		return "ambiguous reference";
	case CRM_EEXIST:
		return "already exists";
	case CRM_ECONFLICT:
		return "refused by a rule";
	case CRM_EDB:
		return "storage error";
	case CRM_ESCHEMA:
		return "newer schema";
	case CRM_EDATA:
		return "bad input data";
	case CRM_EBUSY:
		return "base busy";
	}
	return "unknown status";
}
