/*
 * crm.h: the public interface of libcrmcore, the only header cmd/ includes.
 *
 * Ownership rules, followed by every function below:
 *  1. A const pointer that core returns is BORROWED. It stays valid until the
 *     next call on the same handle (for an iterator, the next _next call) or
 *     until that handle is destroyed. Copy it to keep it.
 *  2. Whatever comes back through an out-parameter (**out) or from a _create
 *     function belongs to the CALLER, who frees it with the matching
 *     _destroy, _close or free() as documented.
 *  3. Core never keeps a caller's pointer: it copies what it stores. When a
 *     call fails, its out-parameters are NULL or 0.
 *  4. Handles with behaviour (crm_db, iterators) are opaque. Rows are
 *     read-only view structs.
 *  Every _destroy, _close and _release accepts NULL.
 *
 * core never prints, never exits, never reads argv, the environment or
 * the terminal: cmd/ does that and passes the results in.
 *
 * The declarations live in one header per area (crm/client.h,
 * crm/handover.h, ...), each complete on its own; include this one.
 */
#ifndef CRM_CRM_H
#define CRM_CRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "crm/status.h"
#include "crm/db.h"
#include "crm/text.h"
#include "crm/time.h"
#include "crm/money.h"
#include "crm/config.h"
#include "crm/journal.h"
#include "crm/sheet.h"
#include "crm/manager.h"
#include "crm/client.h"
#include "crm/contact.h"
#include "crm/vcard.h"
#include "crm/interaction.h"
#include "crm/promise.h"
#include "crm/incident.h"
#include "crm/next.h"
#include "crm/log.h"
#include "crm/backup.h"
#include "crm/check.h"
#include "crm/import.h"
#include "crm/privacy.h"
#include "crm/audit.h"
#include "crm/handover.h"
#include "crm/fit.h"
#include "crm/vip.h"
#include "crm/report.h"

#endif
