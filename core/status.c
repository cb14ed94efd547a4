/*
 * status.c: names of the status codes.
 */
#include "crm-private.h"

const char *crm_status_str(crm_status st)
{
	switch (st) {
	case CRM_OK:
		return _("ok");
	case CRM_DONE:
		return _("done");
	case CRM_ENOMEM:
		return _("out of memory");
	case CRM_EINVAL:
		return _("invalid value");
	case CRM_ENOTFOUND:
		return _("not found");
	case CRM_EAMBIGUOUS:
		return _("ambiguous reference");
	case CRM_EEXIST:
		return _("already exists");
	case CRM_ECONFLICT:
		return _("refused by a rule");
	case CRM_EDB:
		return _("storage error");
	case CRM_ESCHEMA:
		return _("newer schema");
	case CRM_EDATA:
		return _("bad input data");
	case CRM_EBUSY:
		return _("base busy");
	case CRM_ENOINPUT:
		return _("input file missing or unreadable");
	}
	return _("unknown status");
}
