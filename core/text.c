/*
 * text.c: UTF-8 checks, display width and case folding for search.
 *
 * Width and folding never use the ambient locale: they run under one
 * C.UTF-8 locale object, created once, so results do not depend on LANG.
 */

/*
 * newlocale, uselocale and towlower_l are POSIX.1-2008; wcwidth is XSI.
 * The build passes -D_POSIX_C_SOURCE=200809L; _XOPEN_SOURCE=700 implies it.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "crm/crm.h"
#include "crm/i18n.h"

static locale_t utf8_locale = (locale_t)0;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void utf8_locale_init(void)
{
	/* glibc spells it "C.UTF-8"; "C.utf8" is the name on some systems. */
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (utf8_locale == (locale_t)0) {
		utf8_locale = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
	}
}

/* The C.UTF-8 locale object, or (locale_t)0 when the system has none. */
static locale_t get_utf8_locale(void)
{
	pthread_once(&utf8_once, utf8_locale_init);
	return utf8_locale;
}

/*
 * Decodes one code point from the n bytes at s into *cp. Returns its
 * length in bytes, or 0 when the bytes are not valid UTF-8: a NUL, a stray
 * continuation byte, a truncated sequence, an overlong form (C0, C1, E0 80,
 * F0 80), a surrogate (U+D800..U+DFFF) or a value above U+10FFFF.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len, i;

	if (n == 0 || s[0] == 0) {
		return 0;
	}
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n) {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			return 0;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		return 0;
	}
	*cp = c;
	return len;
}

/* Bytes the code point c takes in UTF-8. */
static size_t utf8_enc_len(uint32_t c)
{
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* Writes c as UTF-8 at out; returns the number of bytes written. */
static size_t utf8_encode(uint32_t c, unsigned char *out)
{
	size_t len = utf8_enc_len(c);

	switch (len) {
	case 1:
		out[0] = (unsigned char)c;
		break;
	case 2:
		out[0] = (unsigned char)(0xC0 | (c >> 6));
		out[1] = (unsigned char)(0x80 | (c & 0x3F));
		break;
	case 3:
		out[0] = (unsigned char)(0xE0 | (c >> 12));
		out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (c & 0x3F));
		break;
	default:
		out[0] = (unsigned char)(0xF0 | (c >> 18));
		out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
		out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		out[3] = (unsigned char)(0x80 | (c & 0x3F));
		break;
	}
	return len;
}

/* NULL counts as invalid; the empty range of a real pointer is valid. */
bool crm_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t len;

	if (s == NULL) {
		return false;
	}
	while (n > 0) {
		len = utf8_decode(p, n, &cp);
		if (len == 0) {
			return false;
		}
		p += len;
		n -= len;
	}
	return true;
}

/* Counts every byte that does not continue a sequence. */
size_t crm_utf8_len(const char *s)
{
	size_t count = 0;

	if (s == NULL) {
		return 0;
	}
	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80) {
			count++;
		}
	}
	return count;
}

/*
 * wcwidth gives 0 for combining marks, 2 for wide (CJK) characters and
 * -1 for control characters; those count 1 so a table never shrinks.
 * An invalid byte also counts 1. Without C.UTF-8 every code point is 1.
 */
size_t crm_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	locale_t loc = get_utf8_locale();
	locale_t old = (locale_t)0;
	size_t width = 0, n, len;
	uint32_t cp;
	int w;

	if (s == NULL) {
		return 0;
	}
	if (loc != (locale_t)0) {
		old = uselocale(loc);
	}
	n = strlen(s);
	while (n > 0) {
		len = utf8_decode(p, n, &cp);
		if (len == 0) {
			len = 1;
			w = 1;
		} else if (loc == (locale_t)0) {
			w = 1;
		} else {
			w = wcwidth((wchar_t)cp);
			if (w < 0) {
				w = 1;
			}
		}
		width += (size_t)w;
		p += len;
		n -= len;
	}
	if (loc != (locale_t)0) {
		uselocale(old);
	}
	return width;
}

/*
 * The folded form of one code point: lower case, then ё -> е (so that
 * "Ёлка", "ёлка" and "елка" all match). Without C.UTF-8 only ASCII,
 * Latin-1 and the basic Cyrillic capitals (U+0400..U+042F) are lowered.
 */
static uint32_t fold_cp(uint32_t c, locale_t loc)
{
	wint_t lc;

	if (loc != (locale_t)0) {
		lc = towlower_l((wint_t)c, loc);
		/* Keep the input if the table ever answers a non-character. */
		if (lc <= 0x10FFFF && (lc < 0xD800 || lc > 0xDFFF)) {
			c = (uint32_t)lc;
		}
	} else if (c >= 'A' && c <= 'Z') {
		c += 'a' - 'A';
	} else if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
		c += 0x20; /* À..Þ but not the multiplication sign */
	} else if (c >= 0x0410 && c <= 0x042F) {
		c += 0x20;
	} else if (c >= 0x0400 && c <= 0x040F) {
		c += 0x50;
	}
	if (c == 0x0451) {
		c = 0x0435;
	}
	return c;
}

/*
 * Two passes: the first checks the input and sizes the result (a lower
 * case letter may need more or fewer bytes than its capital, e.g.
 * U+023A -> U+2C65), the second writes it.
 */
char *crm_text_fold(const char *s)
{
	const unsigned char *p, *end;
	locale_t loc = get_utf8_locale();
	size_t len, need = 1, o = 0;
	unsigned char *out;
	uint32_t cp;

	if (s == NULL) {
		return NULL;
	}
	end = (const unsigned char *)s + strlen(s);
	for (p = (const unsigned char *)s; p < end; p += len) {
		len = utf8_decode(p, (size_t)(end - p), &cp);
		if (len == 0) {
			return NULL;
		}
		need += utf8_enc_len(fold_cp(cp, loc));
	}
	out = malloc(need);
	if (out == NULL) {
		return NULL;
	}
	for (p = (const unsigned char *)s; p < end; p += len) {
		len = utf8_decode(p, (size_t)(end - p), &cp);
		o += utf8_encode(fold_cp(cp, loc), out + o);
	}
	out[o] = '\0';
	return (char *)out;
}

size_t crm_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	return s == NULL ? 0 : utf8_decode((const unsigned char *)s, n, cp);
}

/*
 * The characters no one-line text may hold, and that human output shows
 * escaped: they move the cursor, end the line, or reorder what follows.
 */
enum crm_char_class crm_text_char_class(uint32_t c)
{
	if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
		return c == '\n' || c == '\r' ? CRM_CHAR_BREAK : CRM_CHAR_CONTROL;
	}
	if (c == 0x2028 || c == 0x2029) {
		return CRM_CHAR_BREAK;
	}
	if (c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
	    (c >= 0x2066 && c <= 0x2069)) {
		return CRM_CHAR_BIDI;
	}
	return CRM_CHAR_PLAIN;
}

bool crm_text_oneline_check(const char *s, uint32_t *cp, size_t *off)
{
	const unsigned char *p = (const unsigned char *)s, *end;
	size_t len;
	uint32_t c;

	if (s == NULL) {
		return true;
	}
	end = p + strlen(s);
	for (; p < end; p += len) {
		len = utf8_decode(p, (size_t)(end - p), &c);
		if (len == 0) {
			len = 1; /* crm_utf8_valid's business, not this check's */
			continue;
		}
		if (crm_text_char_class(c) != CRM_CHAR_PLAIN) {
			if (cp != NULL) {
				*cp = c;
			}
			if (off != NULL) {
				*off = (size_t)(p - (const unsigned char *)s);
			}
			return false;
		}
	}
	return true;
}

bool crm_text_line_check(const char *what, const char *s, size_t max, char *msg, size_t n)
{
	static const char *const names[] = {
		[CRM_CHAR_CONTROL] = N_("a control character"),
		[CRM_CHAR_BREAK] = N_("a line break"),
		[CRM_CHAR_BIDI] = N_("a bidi control"),
	};
	size_t off, chars;
	uint32_t c;

	what = _(what);
	if (s == NULL || *s == '\0') {
		snprintf(msg, n, _("empty %s"), what);
		return false;
	}
	if (!crm_utf8_valid(s, strlen(s))) {
		snprintf(msg, n, _("%s is not valid UTF-8 text"), what);
		return false;
	}
	if (!crm_text_oneline_check(s, &c, &off)) {
		/* count the characters before it: the position a person sees */
		chars = 1;
		for (size_t i = 0; i < off; i++) {
			chars += ((unsigned char)s[i] & 0xC0) != 0x80;
		}
		snprintf(msg, n,
			 _("%s holds %s (U+%04X) at character %zu: it must be one line of text without "
			   "control, line-break or bidi characters; remove it"),
			 what, _(names[crm_text_char_class(c)]), (unsigned)c, chars);
		return false;
	}
	if (max > 0 && (chars = crm_utf8_len(s)) > max) {
		snprintf(msg, n, _("%s is too long: %zu characters, at most %zu"), what, chars, max);
		return false;
	}
	return true;
}
