/*
 * crm/text.h: UTF-8 text: validity, width, folding for search, one-line checks.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_TEXT_H
#define CRM_CRM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* True when the n bytes at s are valid UTF-8 (no overlongs, surrogates). */
bool crm_utf8_valid(const char *s, size_t n);

/* Number of code points in a valid UTF-8 string. */
size_t crm_utf8_len(const char *s);

/* Terminal columns the UTF-8 string takes (Cyrillic letter: 1). */
size_t crm_text_width(const char *s);

/*
 * Folded copy for search: lower case for every script (towlower under an
 * explicit C.UTF-8 locale), ё -> е. Returns a malloc'd string the caller
 * frees, or NULL on ENOMEM or invalid UTF-8.
 */
char *crm_text_fold(const char *s);

/*
 * Decodes one code point from the n bytes at s into *cp; returns its
 * length in bytes, or 0 when they do not start with valid UTF-8.
 */
size_t crm_utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * What a code point does to a line of text. Everything but PLAIN is
 * refused in one-line text and shown escaped in human output:
 * CONTROL: C0 but CR and LF, DEL, C1 (U+0080..U+009F; U+009B is a CSI);
 * BREAK: CR, LF, U+2028 and U+2029;
 * BIDI: U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069.
 */
enum crm_char_class {
	CRM_CHAR_PLAIN = 0,
	CRM_CHAR_CONTROL,
	CRM_CHAR_BREAK,
	CRM_CHAR_BIDI,
};
enum crm_char_class crm_text_char_class(uint32_t cp);

/*
 * The one rule for one-line text (names, tags, the identity, the text of
 * next actions and promises): true when s holds no character of the
 * classes above; else false, with the first such code point in *cp and
 * its byte offset in *off (either may be NULL). Invalid UTF-8 is left to
 * crm_utf8_valid; NULL counts as fine.
 */
bool crm_text_oneline_check(const char *s, uint32_t *cp, size_t *off);

/*
 * The whole check of a one-line field named what: not empty, valid UTF-8,
 * one line (crm_text_oneline_check), at most max characters (0: no
 * limit). False with the message for the user in msg (n bytes).
 */
bool crm_text_line_check(const char *what, const char *s, size_t max, char *msg, size_t n);

#ifdef __cplusplus
}
#endif
#endif
