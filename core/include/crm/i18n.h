/*
 * crm/i18n.h: messages in the user's language (gettext, the "crm" text
 * domain). Included by core and cmd sources, not by crm/crm.h: it defines
 * the short macros xgettext looks for (po/meson.build lists them).
 *
 *   _("text")            the translation of a message
 *   N_("text")           marks a message translated later, where it is used
 *                        (option help, column headers, command summaries)
 *   P_("one", "many", n) the plural form for n
 *
 * Functions that take a printf format and translate it themselves are
 * keywords of xgettext too (po/meson.build): error, warning, hint, info,
 * usage_error (cmd) and crmi_fail (core); pass them plain literals.
 */
#ifndef CRM_CRM_I18N_H
#define CRM_CRM_I18N_H

#include <libintl.h>

#define CRM_TEXTDOMAIN "crm"

#define _(s) dgettext(CRM_TEXTDOMAIN, s)
#define N_(s) (s)
#define P_(one, many, n) dngettext(CRM_TEXTDOMAIN, one, many, (unsigned long)(n))

#endif
