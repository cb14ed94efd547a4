/*
 * escape.c: text for people. Whatever a base holds (an older crm took any
 * character), human output shows control, line-break and bidi characters
 * (crm_text_char_class) as escapes, so that no text drives the terminal,
 * reorders a line or forges one: \x1b for C0, DEL and C1, \u202e for bidi
 * controls and separators, \n \t \r for those. JSON and CSV are data and
 * never come here.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "banned.h"

/* Writes the escape of code point c (a byte, when invalid) into buf. */
static size_t escape_one(uint32_t c, bool invalid, char *buf, size_t n)
{
	if (invalid) {
		return (size_t)snprintf(buf, n, "\\x%02x", (unsigned)c);
	}
	switch (c) {
	case '\n':
		return (size_t)snprintf(buf, n, "\\n");
	case '\t':
		return (size_t)snprintf(buf, n, "\\t");
	case '\r':
		return (size_t)snprintf(buf, n, "\\r");
	}
	if (c < 0x100) {
		return (size_t)snprintf(buf, n, "\\x%02x", (unsigned)c);
	}
	return (size_t)snprintf(buf, n, "\\u%04x", (unsigned)c);
}

/*
 * Calls out(data, piece, len) for every piece of the escaped text: runs
 * of plain text as they are, each escape on its own.
 */
static void escape_walk(const char *s, unsigned flags,
			void (*out)(void *data, const char *p, size_t n), void *data)
{
	const char *run = s, *p = s;
	size_t left = strlen(s), len;
	char esc[16];
	uint32_t c;

	while (left > 0) {
		bool invalid = false, plain;

		len = crm_utf8_decode(p, left, &c);
		if (len == 0) {
			/* a byte of invalid UTF-8: 0x9b alone is a CSI to some terminals */
			len = 1;
			c = (unsigned char)*p;
			invalid = true;
			plain = false;
		} else {
			plain = crm_text_char_class(c) == CRM_CHAR_PLAIN ||
				((flags & ESC_LINES) && (c == '\n' || c == '\t'));
		}
		if (!plain) {
			if (p > run) {
				out(data, run, (size_t)(p - run));
			}
			out(data, esc, escape_one(c, invalid, esc, sizeof(esc)));
			run = p + len;
		}
		p += len;
		left -= len;
	}
	if (p > run) {
		out(data, run, (size_t)(p - run));
	}
}

static void put_file(void *data, const char *p, size_t n)
{
	fwrite(p, 1, n, data);
}

void esc_fputs(const char *s, unsigned flags, FILE *f)
{
	if (s != NULL) {
		escape_walk(s, flags, put_file, f);
	}
}

struct sink {
	char *p;
	size_t len;
};

static void put_count(void *data, const char *p, size_t n)
{
	(void)p;
	((struct sink *)data)->len += n;
}

static void put_mem(void *data, const char *p, size_t n)
{
	struct sink *k = data;

	memcpy(k->p + k->len, p, n);
	k->len += n;
}

bool esc_needed(const char *s, unsigned flags)
{
	struct sink k = { 0 };

	if (s == NULL) {
		return false;
	}
	escape_walk(s, flags, put_count, &k);
	return k.len != strlen(s);
}

char *esc_dup(const char *s, unsigned flags)
{
	struct sink k = { 0 };

	if (s == NULL) {
		return NULL;
	}
	escape_walk(s, flags, put_count, &k);
	k.p = malloc(k.len + 1);
	if (k.p == NULL) {
		return NULL;
	}
	k.len = 0;
	escape_walk(s, flags, put_mem, &k);
	k.p[k.len] = '\0';
	return k.p;
}
