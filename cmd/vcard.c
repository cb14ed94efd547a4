/*
 * vcard.c: one contact as a vCard 4.0 (RFC 6350).
 *
 * The standard properties carry what an address book shows (N, FN, ORG,
 * TITLE, ROLE, TEL, EMAIL, ADR, BDAY, GENDER, NOTE, UID, REV); what only
 * crm knows goes in X-CRM-* properties (the key flag, interests, the
 * preferred channel, the messenger, the form of address, the day the data
 * was confirmed, the day the person left and their successor), which
 * phones keep and ignore, and which crm contact import reads back: the
 * round trip loses nothing.
 *
 * TEL is written as text (4.0's default value type, 3.0's only one), not
 * as a tel: URI: crm keeps a phone as the person typed it ("+7 495
 * 123-45-67 доб. 12"), which a URI cannot hold without rewriting it, and
 * the importers of Android and iOS read text TEL values as they read 3.0
 * cards, while a "tel:" value shows up with its scheme in some of them.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vcard.h"
#include "banned.h"

struct line {
	char *s;
	size_t len, cap;
	bool oom;
};

static void put(struct line *l, const char *s, size_t n)
{
	if (l->oom) {
		return;
	}
	if (l->len + n + 1 > l->cap) {
		size_t cap = (l->len + n + 1) * 2;
		char *b = realloc(l->s, cap);

		if (!b) {
			l->oom = true;
			return;
		}
		l->s = b;
		l->cap = cap;
	}
	memcpy(l->s + l->len, s, n);
	l->len += n;
	l->s[l->len] = '\0';
}

static void puts_(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

/* Text with \\, \, \; and new lines escaped (RFC 6350 3.4). */
static void put_text(struct line *l, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\':
			puts_(l, "\\\\");
			break;
		case ',':
			puts_(l, "\\,");
			break;
		case ';':
			puts_(l, "\\;");
			break;
		case '\n':
			puts_(l, "\\n");
			break;
		case '\r':
			if (s[1] != '\n') {
				puts_(l, "\\n");
			}
			break;
		default:
			put(l, s, 1);
		}
	}
}

/*
 * Writes the line folded: at most 75 octets a line (the leading space of a
 * continuation counts), never inside a UTF-8 character, each ended by CRLF.
 */
static void write_folded(FILE *out, const char *s, size_t n)
{
	size_t limit = 75;

	while (n > limit) {
		size_t cut = limit;

		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) {
			cut--;
		}
		fwrite(s, 1, cut, out);
		fputs("\r\n ", out);
		s += cut;
		n -= cut;
		limit = 74;
	}
	fwrite(s, 1, n, out);
	fputs("\r\n", out);
}

/* NAME[;params]:escaped text, when text is set. */
static void prop(FILE *out, struct line *l, const char *name, const char *text)
{
	if (!text || !*text) {
		return;
	}
	l->len = 0;
	puts_(l, name);
	puts_(l, ":");
	put_text(l, text);
	if (!l->oom) {
		write_folded(out, l->s, l->len);
	}
}

/* A line whose value is already in its final form. */
static void raw(FILE *out, struct line *l, const char *name, const char *value)
{
	l->len = 0;
	puts_(l, name);
	puts_(l, ":");
	puts_(l, value);
	if (!l->oom) {
		write_folded(out, l->s, l->len);
	}
}

/* "2026-11-22T10:00:00Z" -> "20261122T100000Z" */
static void basic_form(const char *iso, char *out)
{
	for (; *iso; iso++) {
		if (*iso != '-' && *iso != ':') {
			*out++ = *iso;
		}
	}
	*out = '\0';
}

int vcard_write(FILE *out, const struct crm_contact *c, const char *successor_uuid)
{
	struct line l = { 0 };
	char buf[48], basic[24];
	bool parts = c->first_name || c->patronymic || c->last_name;
	cJSON *interests, *t;

	fputs("BEGIN:VCARD\r\nVERSION:4.0\r\n", out);
	l.len = 0;
	puts_(&l, "UID:urn:uuid:");
	puts_(&l, c->uuid);
	write_folded(out, l.s, l.len);
	prop(out, &l, "FN", c->name);
	/* N: family;given;additional;prefixes;suffixes; without the parts, the
	 * name in the family part (import reads it back as no parts) */
	l.len = 0;
	puts_(&l, "N:");
	put_text(&l, parts ? c->last_name : c->name);
	puts_(&l, ";");
	put_text(&l, parts ? c->first_name : NULL);
	puts_(&l, ";");
	put_text(&l, parts ? c->patronymic : NULL);
	puts_(&l, ";;");
	if (!l.oom) {
		write_folded(out, l.s, l.len);
	}
	if (c->gender) {
		raw(out, &l, "GENDER", strcmp(c->gender, "f") == 0 ? "F" : "M");
	}
	prop(out, &l, "ORG", c->client);
	prop(out, &l, "TITLE", c->position);
	prop(out, &l, "ROLE", c->role);
	prop(out, &l, "TEL;TYPE=work,voice", c->phone);
	prop(out, &l, "EMAIL;TYPE=work", c->email);
	if (c->address && *c->address) {
		/* one line: the street part, as a phone shows it */
		l.len = 0;
		puts_(&l, "ADR;TYPE=work:;;");
		put_text(&l, c->address);
		puts_(&l, ";;;;");
		if (!l.oom) {
			write_folded(out, l.s, l.len);
		}
	}
	if (c->birthday) {
		/* "1970-05-12" -> 19700512, "--05-12" -> --0512 */
		basic_form(c->birthday[0] == '-' ? c->birthday + 2 : c->birthday, basic);
		snprintf(buf, sizeof(buf), "%s%s", c->birthday[0] == '-' ? "--" : "", basic);
		raw(out, &l, "BDAY", buf);
	}
	prop(out, &l, "NOTE", c->note);
	if (c->key) {
		raw(out, &l, "X-CRM-KEY", "TRUE");
	}
	interests = cJSON_Parse(c->interests ? c->interests : "[]");
	if (cJSON_GetArraySize(interests) > 0) {
		l.len = 0;
		puts_(&l, "X-CRM-INTERESTS:");
		cJSON_ArrayForEach(t, interests) {
			if (cJSON_IsString(t)) {
				if (t != interests->child) {
					puts_(&l, ",");
				}
				put_text(&l, t->valuestring);
			}
		}
		if (!l.oom) {
			write_folded(out, l.s, l.len);
		}
	}
	cJSON_Delete(interests);
	prop(out, &l, "X-CRM-PREFERRED", c->preferred);
	prop(out, &l, "X-CRM-MESSENGER", c->messenger);
	prop(out, &l, "X-CRM-ADDRESS-AS", c->address_as);
	if (c->verified) {
		raw(out, &l, "X-CRM-VERIFIED", crm_date_format(c->verified, buf, sizeof(buf)));
	}
	/* a person who left: the day, and who took over */
	if (c->left) {
		raw(out, &l, "X-CRM-LEFT", crm_date_format(c->left, buf, sizeof(buf)));
	}
	if (successor_uuid) {
		l.len = 0;
		puts_(&l, "X-CRM-SUCCESSOR:urn:uuid:");
		puts_(&l, successor_uuid);
		write_folded(out, l.s, l.len);
	}
	basic_form(crm_time_format(c->created, buf, sizeof(buf)), basic);
	raw(out, &l, "REV", basic);
	fputs("END:VCARD\r\n", out);
	free(l.s);
	return l.oom || ferror(out) ? -1 : 0;
}
