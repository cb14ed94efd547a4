/*
 * vcard.c: reading address-book cards (RFC 6350 vCard 4.0, RFC 2426 3.0
 * and the 2.1 of older phones) and importing them as the contacts of a
 * client through the contact module.
 *
 * The parser is pure: text in, cards out, an error naming the line. It
 * unfolds lines (a line that begins with a space or a tab continues the one
 * before), drops item groups (Apple's item1.TEL), reads parameters in the
 * 4.0 form (TYPE=work,voice; quoted values), the 3.0 form (type=CELL;
 * type=pref) and the bare 2.1 form (TEL;CELL;PREF), decodes 2.1
 * quoted-printable with its soft line breaks, converts a CHARSET other than
 * UTF-8 with iconv, and unescapes text (\\ \, \; \n).
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

/* ---- the parser ---------------------------------------------------------- */

struct param {
	char *name;  /* upper case */
	char *value; /* unquoted; NULL for a bare 2.1 parameter */
};

struct prop {
	int line;
	char *name;  /* upper case, no group */
	struct param *params;
	size_t nparams;
	char *value; /* decoded (quoted-printable, charset), still escaped */
};

static void prop_release(struct prop *p)
{
	for (size_t i = 0; i < p->nparams; i++) {
		free(p->params[i].name);
		free(p->params[i].value);
	}
	free(p->params);
	free(p->name);
	free(p->value);
	*p = (struct prop){ 0 };
}

static crm_status vcard_fail(struct crm_error *err, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static crm_status vcard_fail(struct crm_error *err, int line, const char *fmt, ...)
{
	char msg[sizeof(err->msg) - 32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	snprintf(err->msg, sizeof(err->msg), _("line %d: %s"), line, msg);
	err->code = CRM_EDATA;
	return CRM_EDATA;
}

static crm_status oom(struct crm_error *err)
{
	snprintf(err->msg, sizeof(err->msg), "%s", _("out of memory"));
	err->code = CRM_ENOMEM;
	return CRM_ENOMEM;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void upcase(char *s)
{
	for (; *s; s++) {
		*s = (char)toupper((unsigned char)*s);
	}
}

static const char *param_get(const struct prop *p, const char *name)
{
	for (size_t i = 0; i < p->nparams; i++) {
		if (strcmp(p->params[i].name, name) == 0) {
			return p->params[i].value ? p->params[i].value : "";
		}
	}
	return NULL;
}

/* True when a TYPE of p (TYPE=a,b; type=a;type=b; a bare 2.1 A) is word. */
static bool has_type(const struct prop *p, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i < p->nparams; i++) {
		const char *v = p->params[i].value;

		if (!v) {
			if (strcasecmp(p->params[i].name, word) == 0) {
				return true;
			}
			continue;
		}
		if (strcmp(p->params[i].name, "TYPE") != 0) {
			continue;
		}
		while (*v) {
			size_t k = strcspn(v, ",");

			if (k == n && strncasecmp(v, word, n) == 0) {
				return true;
			}
			v += k + (v[k] == ',');
		}
	}
	return false;
}

/* How much p is preferred: 4.0 PREF=1..100 (1 most), TYPE=pref as 1; else 101. */
static int pref_of(const struct prop *p)
{
	const char *v = param_get(p, "PREF");

	if (v && *v) {
		int n = atoi(v);

		return n >= 1 && n <= 100 ? n : 101;
	}
	return has_type(p, "pref") ? 1 : 101;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	c = (char)toupper((unsigned char)c);
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes quoted-printable in place; false on a bad =XX. */
static bool qp_decode(char *s)
{
	char *o = s;

	while (*s) {
		if (*s != '=') {
			*o++ = *s++;
			continue;
		}
		if (s[1] == '\0') { /* a soft break left at the very end */
			s++;
			continue;
		}
		if (hexval(s[1]) < 0 || hexval(s[2]) < 0) {
			return false;
		}
		*o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
		s += 3;
	}
	*o = '\0';
	return true;
}

/* s converted from charset to UTF-8 (malloc'd), or NULL: *unknown when
 * iconv does not know the charset. */
static char *to_utf8(const char *s, const char *charset, bool *unknown)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	size_t inleft = strlen(s), outsize = inleft * 4 + 1, outleft = outsize - 1;
	char *in = (char *)s, *out, *o;

	*unknown = cd == (iconv_t)-1;
	if (*unknown) {
		return NULL;
	}
	out = malloc(outsize);
	o = out;
	if (out && iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	if (out) {
		*o = '\0';
	}
	iconv_close(cd);
	return out;
}

/* How much of s a message quotes: at most 40 bytes, whole characters;
 * 0 when s is not UTF-8 text (the message then quotes nothing). */
static int snippet_len(const char *s)
{
	size_t n = strlen(s);

	if (n > 40) {
		n = 40;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
			n--;
		}
	}
	return crm_utf8_valid(s, n) ? (int)n : 0;
}

/*
 * Splits one logical line into p: [group.]NAME *(;param) : value. Returns
 * CRM_OK, CRM_EDATA (err set) or CRM_ENOMEM.
 */
static crm_status parse_prop(char *s, int line, struct prop *p, struct crm_error *err)
{
	char *q = s, *name;
	size_t k;

	*p = (struct prop){ .line = line };
	/* the name, and a group before it */
	for (;;) {
		k = strspn(q, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");
		if (k == 0) {
			return vcard_fail(err, line, "not a vCard property: '%.*s'", snippet_len(s), s);
		}
		if (q[k] == '.') {
			q += k + 1;
			continue;
		}
		break;
	}
	name = q;
	q += k;
	if (*q != ';' && *q != ':') {
		return vcard_fail(err, line, "not a vCard property: '%.*s'", snippet_len(s), s);
	}
	p->name = dup_n(name, k);
	if (!p->name) {
		return oom(err);
	}
	upcase(p->name);
	while (*q == ';') {
		char *pn = ++q, *val = NULL;
		struct param *grown;
		size_t pk = strspn(pn, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

		if (pk == 0) {
			return vcard_fail(err, line, "invalid parameter in property %s", p->name);
		}
		q = pn + pk;
		if (*q == '=') {
			char *v = ++q, *o;

			/* a value: "quoted" parts and plain text up to ; or : */
			val = malloc(strlen(v) + 1);
			if (!val) {
				return oom(err);
			}
			o = val;
			while (*q && *q != ';' && *q != ':') {
				if (*q == '"') {
					q++;
					while (*q && *q != '"') {
						*o++ = *q++;
					}
					if (*q != '"') {
						free(val);
						return vcard_fail(err, line, "unterminated quote in property %s",
							    p->name);
					}
					q++;
				} else {
					*o++ = *q++;
				}
			}
			*o = '\0';
		} else if (*q != ';' && *q != ':') {
			return vcard_fail(err, line, "invalid parameter in property %s", p->name);
		}
		grown = realloc(p->params, (p->nparams + 1) * sizeof(*grown));
		if (!grown) {
			free(val);
			return oom(err);
		}
		p->params = grown;
		p->params[p->nparams].name = dup_n(pn, pk);
		p->params[p->nparams].value = val;
		if (!p->params[p->nparams++].name) {
			return oom(err);
		}
		upcase(p->params[p->nparams - 1].name);
	}
	if (*q != ':') {
		return vcard_fail(err, line, "property %s has no ':' before its value", p->name);
	}
	p->value = strdup(q + 1);
	if (!p->value) {
		return oom(err);
	}
	return CRM_OK;
}

/* Decodes the value of p: quoted-printable, charset, then checks UTF-8.
 * Sets *skip for binary values (a base64 photo) that crm does not read. */
static crm_status decode_value(struct prop *p, bool *skip, struct crm_error *err)
{
	const char *enc = param_get(p, "ENCODING"), *cs = param_get(p, "CHARSET");

	*skip = false;
	if (!enc) {
		for (size_t i = 0; i < p->nparams; i++) {
			if (!p->params[i].value &&
			    (strcmp(p->params[i].name, "QUOTED-PRINTABLE") == 0 ||
			     strcmp(p->params[i].name, "BASE64") == 0)) {
				enc = p->params[i].name;
			}
		}
	}
	if (enc && (strcasecmp(enc, "B") == 0 || strcasecmp(enc, "BASE64") == 0)) {
		*skip = true;
		return CRM_OK;
	}
	if (enc && strcasecmp(enc, "QUOTED-PRINTABLE") == 0) {
		if (!qp_decode(p->value)) {
			return vcard_fail(err, p->line, "invalid quoted-printable text in property %s",
				    p->name);
		}
	} else if (enc && strcasecmp(enc, "8BIT") != 0 && strcasecmp(enc, "7BIT") != 0) {
		return vcard_fail(err, p->line, "unknown ENCODING '%s' in property %s", enc, p->name);
	}
	if (cs && strcasecmp(cs, "UTF-8") != 0 && strcasecmp(cs, "US-ASCII") != 0) {
		bool unknown;
		char *conv = to_utf8(p->value, cs, &unknown);

		if (unknown) {
			return vcard_fail(err, p->line, "unknown CHARSET '%s' in property %s", cs, p->name);
		}
		if (!conv) {
			return vcard_fail(err, p->line, "text of property %s is not valid %s", p->name, cs);
		}
		free(p->value);
		p->value = conv;
	}
	if (!crm_utf8_valid(p->value, strlen(p->value))) {
		return vcard_fail(err, p->line, "property %s is not valid UTF-8 text", p->name);
	}
	return CRM_OK;
}

/* Unescapes s[0..n) (\\ \, \; \: \n \N) into a malloc'd string. */
static char *unescape_n(const char *s, size_t n)
{
	char *d = malloc(n + 1), *o = d;

	if (!d) {
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			char c = s[++i];

			*o++ = c == 'n' || c == 'N' ? '\n' : c;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return d;
}

/* The length of s's next component, up to an unescaped sep. */
static size_t component_len(const char *s, char sep)
{
	size_t i = 0;

	while (s[i] && s[i] != sep) {
		i += s[i] == '\\' && s[i + 1] ? 2 : 1;
	}
	return i;
}

/* The unescaped components of s split at sep (at most max); returns how
 * many, -1 when out of memory. */
static int split(const char *s, char sep, char **parts, int max)
{
	int n = 0;

	for (;;) {
		size_t k = component_len(s, sep);

		if (n == max) {
			break;
		}
		parts[n] = unescape_n(s, k);
		if (!parts[n]) {
			for (int i = 0; i < n; i++) {
				free(parts[i]);
			}
			return -1;
		}
		n++;
		if (!s[k]) {
			break;
		}
		s += k + 1;
	}
	return n;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/*
 * A BDAY in crm's form into out[16]: 19700512, 1970-05-12, --0512, --05-12,
 * a date-time after them (1970-05-12T00:00:00Z), Apple's year 1604 with
 * X-APPLE-OMIT-YEAR. False when it is none of them or no real day.
 */
static bool bday_form(const struct prop *p, char out[16])
{
	const char *v = p->value, *omit = param_get(p, "X-APPLE-OMIT-YEAR");
	char y[5] = "", m[3], d[3];
	size_t n = strcspn(v, "T");
	int yy, mm, dd;

	if (n == 8 && all_digits(v, 8)) {
		memcpy(y, v, 4);
		memcpy(m, v + 4, 2);
		memcpy(d, v + 6, 2);
	} else if (n == 10 && all_digits(v, 4) && v[4] == '-' && all_digits(v + 5, 2) &&
		   v[7] == '-' && all_digits(v + 8, 2)) {
		memcpy(y, v, 4);
		memcpy(m, v + 5, 2);
		memcpy(d, v + 8, 2);
	} else if (n == 6 && v[0] == '-' && v[1] == '-' && all_digits(v + 2, 4)) {
		memcpy(m, v + 2, 2);
		memcpy(d, v + 4, 2);
	} else if (n == 7 && v[0] == '-' && v[1] == '-' && all_digits(v + 2, 2) && v[4] == '-' &&
		   all_digits(v + 5, 2)) {
		memcpy(m, v + 2, 2);
		memcpy(d, v + 5, 2);
	} else {
		return false;
	}
	y[4] = m[2] = d[2] = '\0';
	if (*y && omit && strcmp(omit, y) == 0) {
		y[0] = '\0';
	}
	if (*y) {
		snprintf(out, 16, "%s-%s-%s", y, m, d);
	} else {
		snprintf(out, 16, "--%s-%s", m, d);
	}
	return crm_birthday_parse(out, &yy, &mm, &dd);
}

static bool is_date(const char *s)
{
	return strlen(s) == 10 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2) &&
	       s[7] == '-' && all_digits(s + 8, 2);
}

/* "urn:uuid:X" -> "X" */
static const char *strip_urn(const char *s)
{
	return strncasecmp(s, "urn:uuid:", 9) == 0 ? s + 9 : s;
}


/*
 * A phone number with the typographic blanks and dashes of address books
 * (no-break and thin spaces, the no-break hyphen, dashes, the minus sign)
 * made ASCII, in place: "+7\u00a0916\u2011555" -> "+7 916-555".
 */
static void phone_ascii(char *s)
{
	char *o = s;

	while (*s) {
		uint32_t cp;
		size_t n = crm_utf8_decode(s, strlen(s), &cp);

		if (n == 0) {
			n = 1;
			cp = (unsigned char)*s;
		}
		if (cp == 0xA0 || cp == 0x2007 || cp == 0x2009 || cp == 0x202F) {
			*o++ = ' ';
		} else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) {
			*o++ = '-';
		} else {
			memmove(o, s, n);
			o += n;
		}
		s += n;
	}
	*o = '\0';
}

/* What a card collects while it is read. */
struct building {
	struct crm_vcard *c;
	char *n[5];     /* N's parts */
	bool has_n;
	int tel_pref, email_pref, adr_pref;
	const char *version;
};

static crm_status set_str(char **slot, const char *s, size_t n, struct crm_error *err)
{
	char *v = unescape_n(s, n);

	if (!v) {
		return oom(err);
	}
	free(*slot);
	*slot = v;
	return CRM_OK;
}

/* A UID or X-CRM-SUCCESSOR without "urn:uuid:", in lower case as crm
 * keeps uuids (other address books write them in capitals). */
static crm_status set_uuid(char **dst, const char *v, struct crm_error *err)
{
	crm_status st;

	v = strip_urn(v);
	st = set_str(dst, v, strlen(v), err);
	for (char *p = *dst; st == CRM_OK && p && *p; p++) {
		*p = (char)tolower((unsigned char)*p);
	}
	return st;
}

/* Sets *slot to p's text when p is preferred over what *slot got from. */
static crm_status set_pref(char **slot, int *have, const struct prop *p, const char *text,
			   struct crm_error *err)
{
	int pref = pref_of(p);

	if (*slot && pref >= *have) {
		return CRM_OK;
	}
	*have = pref;
	return set_str(slot, text, strlen(text), err);
}

/* ADR's parts on one line: the non-empty ones joined by ", ". */
static crm_status set_adr(struct building *b, const struct prop *p, struct crm_error *err)
{
	char *parts[7] = { 0 };
	int n = split(p->value, ';', parts, 7), pref = pref_of(p);
	size_t len = 1, used = 0;
	char *line;

	if (n < 0) {
		return oom(err);
	}
	for (int i = 0; i < n; i++) {
		len += strlen(parts[i]) * 2 + 2;
	}
	line = malloc(len);
	if (!line) {
		for (int i = 0; i < n; i++) {
			free(parts[i]);
		}
		return oom(err);
	}
	line[0] = '\0';
	for (int i = 0; i < n; i++) {
		/* a new line inside a part (a street on two lines) */
		for (char *c = parts[i]; *c; c++) {
			if (*c == '\n' || *c == '\r') {
				*c = ' ';
			}
		}
		if (*parts[i]) {
			used += (size_t)snprintf(line + used, len - used, "%s%s", used ? ", " : "",
						 parts[i]);
		}
		free(parts[i]);
	}
	if (!*line || (b->c->address && pref >= b->adr_pref)) {
		free(line);
		return CRM_OK;
	}
	b->adr_pref = pref;
	free(b->c->address);
	b->c->address = line;
	return CRM_OK;
}

static crm_status set_interests(struct crm_vcard *c, const char *v, struct crm_error *err)
{
	size_t n = 1;
	char **list;
	int got;

	for (const char *s = v; *s; s++) {
		n += *s == ',';
	}
	list = calloc(n, sizeof(*list));
	if (!list) {
		return oom(err);
	}
	got = *v ? split(v, ',', list, (int)n) : 0;
	if (got < 0) {
		free(list);
		return oom(err);
	}
	for (size_t i = 0; i < c->ninterests; i++) {
		free(c->interests[i]);
	}
	free(c->interests);
	c->interests = list;
	c->ninterests = (size_t)got;
	c->has_interests = true;
	return CRM_OK;
}


/*
 * REV, only metadata: "20261122T100000Z" (4.0) or "2026-11-22T10:00:00Z"
 * (3.0), in UTC; anything else (a phone's local time, fractions) is 0 and
 * the card is read all the same.
 */
static int64_t rev_time(const char *v)
{
	char iso[32];
	int64_t t = 0;

	if (strlen(v) == 16 && v[8] == 'T' && v[15] == 'Z') {
		snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", v, v + 4, v + 6, v + 9,
			 v + 11, v + 13);
		v = iso;
	}
	if (strlen(v) != 20 || v[19] != 'Z' || crm_time_parse(v, 0, &t) != CRM_OK || t <= 0) {
		return 0;
	}
	return t;
}

static crm_status take_prop(struct building *b, const struct prop *p, struct crm_error *err)
{
	struct crm_vcard *c = b->c;
	const char *name = p->name, *v = p->value;
	char buf[16];

	if (strcmp(name, "VERSION") == 0) {
		if (strcmp(v, "4.0") != 0 && strcmp(v, "3.0") != 0 && strcmp(v, "2.1") != 0) {
			return vcard_fail(err, p->line, "unknown vCard version '%s' (4.0, 3.0 or 2.1)", v);
		}
		b->version = v;
	} else if (strcmp(name, "FN") == 0) {
		if (!c->name) {
			return set_str(&c->name, v, strlen(v), err);
		}
	} else if (strcmp(name, "N") == 0) {
		for (int i = 0; i < 5; i++) {
			free(b->n[i]);
			b->n[i] = NULL;
		}
		if (split(v, ';', b->n, 5) < 0) {
			return oom(err);
		}
		b->has_n = true;
	} else if (strcmp(name, "UID") == 0) {
		return set_uuid(&c->uid, v, err);
	} else if (strcmp(name, "ORG") == 0) {
		return set_str(&c->org, v, component_len(v, ';'), err);
	} else if (strcmp(name, "TITLE") == 0) {
		return set_str(&c->position, v, strlen(v), err);
	} else if (strcmp(name, "ROLE") == 0) {
		return set_str(&c->role, v, strlen(v), err);
	} else if (strcmp(name, "TEL") == 0) {
		if (strncasecmp(v, "tel:", 4) == 0) {
			v += 4;
		}
		if (!c->phone || pref_of(p) < b->tel_pref) {
			crm_status st = set_pref(&c->phone, &b->tel_pref, p, v, err);

			if (st == CRM_OK) {
				phone_ascii(c->phone);
			}
			return st;
		}
	} else if (strcmp(name, "EMAIL") == 0) {
		if (strncasecmp(v, "mailto:", 7) == 0) {
			v += 7;
		}
		return set_pref(&c->email, &b->email_pref, p, v, err);
	} else if (strcmp(name, "ADR") == 0) {
		return set_adr(b, p, err);
	} else if (strcmp(name, "BDAY") == 0) {
		const char *vt = param_get(p, "VALUE");

		if (vt && strcasecmp(vt, "text") == 0) {
			return CRM_OK; /* "circa 1800": no day to keep */
		}
		if (!bday_form(p, buf)) {
			return vcard_fail(err, p->line,
				    "invalid BDAY '%s': expected 19700512, 1970-05-12 or --0512", v);
		}
		return set_str(&c->birthday, buf, strlen(buf), err);
	} else if (strcmp(name, "NOTE") == 0) {
		char *note = unescape_n(v, strlen(v)), *joined;

		if (!note) {
			return oom(err);
		}
		if (c->note && (joined = malloc(strlen(c->note) + strlen(note) + 2))) {
			snprintf(joined, strlen(c->note) + strlen(note) + 2, "%s\n%s", c->note, note);
			free(note);
			note = joined;
		} else if (c->note) {
			free(note);
			return oom(err);
		}
		free(c->note);
		c->note = note;
	} else if (strcmp(name, "GENDER") == 0 || strcmp(name, "X-GENDER") == 0) {
		const char *g = NULL;

		if (*v == 'M' || *v == 'm') {
			g = "m";
		} else if (*v == 'F' || *v == 'f') {
			g = "f";
		}
		free(c->gender);
		c->gender = NULL;
		if (g) {
			return set_str(&c->gender, g, 1, err);
		}
	} else if (strcmp(name, "X-CRM-KEY") == 0) {
		if (strcasecmp(v, "TRUE") == 0) {
			c->key = 1;
		} else if (strcasecmp(v, "FALSE") == 0) {
			c->key = 0;
		} else {
			return vcard_fail(err, p->line, "invalid X-CRM-KEY '%s' (TRUE or FALSE)", v);
		}
	} else if (strcmp(name, "X-CRM-INTERESTS") == 0) {
		return set_interests(c, v, err);
	} else if (strcmp(name, "X-CRM-ADDRESS-AS") == 0) {
		return set_str(&c->address_as, v, strlen(v), err);
	} else if (strcmp(name, "X-CRM-PREFERRED") == 0) {
		return set_str(&c->preferred, v, strlen(v), err);
	} else if (strcmp(name, "X-CRM-MESSENGER") == 0) {
		return set_str(&c->messenger, v, strlen(v), err);
	} else if (strcmp(name, "X-CRM-VERIFIED") == 0 || strcmp(name, "X-CRM-LEFT") == 0) {
		if (!is_date(v)) {
			return vcard_fail(err, p->line, "invalid %s '%s': expected 2026-11-20", name, v);
		}
		return set_str(name[6] == 'V' ? &c->verified : &c->left, v, strlen(v), err);
	} else if (strcmp(name, "X-CRM-SUCCESSOR") == 0) {
		return set_uuid(&c->successor, v, err);
	} else if (strcmp(name, "REV") == 0) {
		c->rev = rev_time(v);
	}
	return CRM_OK;
}

/* Joins the non-empty words with spaces (malloc'd); NULL when all are empty. */
static char *join_words(const char *const *w, int n)
{
	size_t len = 1, used = 0;
	char *out;

	for (int i = 0; i < n; i++) {
		len += w[i] ? strlen(w[i]) + 1 : 0;
	}
	out = malloc(len);
	if (!out) {
		return NULL;
	}
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (w[i] && *w[i]) {
			used += (size_t)snprintf(out + used, len - used, "%s%s", used ? " " : "", w[i]);
		}
	}
	return out;
}

/* The card is complete: its name, and N's parts unless N only repeats FN. */
static crm_status finish_card(struct building *b, struct crm_error *err)
{
	struct crm_vcard *c = b->c;
	char **n = b->n;
	bool only_family;

	if (c->name && !*c->name) {
		free(c->name);
		c->name = NULL;
	}
	if (!c->name && b->has_n) {
		const char *w[3] = { n[1], n[2], n[0] };

		c->name = join_words(w, 3);
		if (!c->name) {
			return oom(err);
		}
		if (!*c->name) {
			free(c->name);
			c->name = NULL;
		}
	}
	if (!c->name) {
		return vcard_fail(err, c->line, "card has no FN and no N: a contact needs a name");
	}
	/* a name on one line (FN of a card from elsewhere may hold a new line) */
	for (char *s = c->name; *s; s++) {
		if (*s == '\n' || *s == '\r') {
			*s = ' ';
		}
	}
	only_family = n[0] && strcmp(n[0], c->name) == 0 && (!n[1] || !*n[1]) &&
		      (!n[2] || !*n[2]);
	if (b->has_n && !only_family) {
		char **slots[3] = { &c->last_name, &c->first_name, &c->patronymic };

		for (int i = 0; i < 3; i++) {
			if (n[i] && *n[i]) {
				*slots[i] = n[i];
				n[i] = NULL;
			}
		}
	}
	return CRM_OK;
}

static void card_release(struct crm_vcard *c)
{
	char **strs[] = { &c->uid, &c->name, &c->first_name, &c->patronymic, &c->last_name,
			  &c->org, &c->position, &c->role, &c->phone, &c->email, &c->address,
			  &c->birthday, &c->note, &c->gender, &c->address_as, &c->preferred,
			  &c->messenger, &c->verified, &c->left, &c->successor };

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		free(*strs[i]);
	}
	for (size_t i = 0; i < c->ninterests; i++) {
		free(c->interests[i]);
	}
	free(c->interests);
	*c = (struct crm_vcard){ 0 };
}

void crm_vcards_release(struct crm_vcards *v)
{
	if (!v) {
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		card_release(&v->cards[i]);
	}
	free(v->cards);
	v->cards = NULL;
	v->n = 0;
}

/* One physical line. */
struct pline {
	const char *s;
	size_t n;
};

/* True when the logical line so far is a quoted-printable property. */
static bool is_qp(const char *s)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	for (size_t i = 0; i + 16 <= n; i++) {
		if (strncasecmp(s + i, "QUOTED-PRINTABLE", 16) == 0) {
			return true;
		}
	}
	return false;
}

/* Appends the n bytes of s to the growing *buf. */
static bool append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t cap2 = (*len + n + 1) * 2;
		char *b = realloc(*buf, cap2);

		if (!b) {
			return false;
		}
		*buf = b;
		*cap = cap2;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return true;
}

static crm_status parse_lines(const struct pline *lines, size_t nlines, struct crm_vcards *out,
			      struct crm_error *err)
{
	struct building b = { 0 };
	char *buf = NULL;
	size_t len = 0, cap = 0, i = 0;
	crm_status st = CRM_OK;
	bool in_card = false;

	while (st == CRM_OK && i < nlines) {
		int start = (int)i + 1;
		struct prop p;
		bool skip;

		if (lines[i].n == 0) {
			i++;
			continue;
		}
		if (lines[i].s[0] == ' ' || lines[i].s[0] == '\t') {
			st = vcard_fail(err, start, "a folded line continues no property");
			break;
		}
		len = 0;
		if (!append(&buf, &len, &cap, lines[i].s, lines[i].n)) {
			st = oom(err);
			break;
		}
		for (i++; i < nlines && lines[i].n > 0 &&
			  (lines[i].s[0] == ' ' || lines[i].s[0] == '\t');
		     i++) {
			if (!append(&buf, &len, &cap, lines[i].s + 1, lines[i].n - 1)) {
				st = oom(err);
				break;
			}
		}
		/* quoted-printable soft line breaks: "=" at the end joins the next line */
		while (st == CRM_OK && len > 0 && buf[len - 1] == '=' && i < nlines && is_qp(buf)) {
			buf[--len] = '\0';
			if (!append(&buf, &len, &cap, lines[i].s, lines[i].n)) {
				st = oom(err);
			}
			i++;
		}
		if (st != CRM_OK) {
			break;
		}
		if (memchr(buf, '\0', len)) {
			st = vcard_fail(err, start, "a NUL byte in the line");
			break;
		}
		st = parse_prop(buf, start, &p, err);
		if (st == CRM_OK) {
			st = decode_value(&p, &skip, err);
		}
		if (st == CRM_OK && strcmp(p.name, "BEGIN") == 0) {
			if (strcasecmp(p.value, "VCARD") != 0 || in_card) {
				st = in_card ? vcard_fail(err, start, "BEGIN inside the card begun at line %d: "
							       "END:VCARD is missing", b.c->line)
					     : vcard_fail(err, start, "BEGIN:%s is no vCard", p.value);
			} else {
				struct crm_vcard *grown =
					realloc(out->cards, (out->n + 1) * sizeof(*grown));

				if (!grown) {
					st = oom(err);
				} else {
					out->cards = grown;
					b = (struct building){ .c = &out->cards[out->n++] };
					*b.c = (struct crm_vcard){ .line = start, .key = -1 };
					in_card = true;
				}
			}
		} else if (st == CRM_OK && strcmp(p.name, "END") == 0) {
			if (!in_card || strcasecmp(p.value, "VCARD") != 0) {
				st = vcard_fail(err, start, "END:%s without BEGIN:VCARD", p.value);
			} else {
				st = finish_card(&b, err);
				in_card = false;
			}
			for (int k = 0; k < 5; k++) {
				free(b.n[k]);
				b.n[k] = NULL;
			}
		} else if (st == CRM_OK && !in_card) {
			st = vcard_fail(err, start, "property %s outside a card: BEGIN:VCARD is missing",
				  p.name);
		} else if (st == CRM_OK && !skip) {
			st = take_prop(&b, &p, err);
		}
		prop_release(&p);
	}
	if (st == CRM_OK && in_card) {
		st = vcard_fail(err, b.c->line, "the card begun here has no END:VCARD");
	}
	for (int k = 0; k < 5; k++) {
		free(b.n[k]);
	}
	free(buf);
	return st;
}

crm_status crm_vcard_parse(const char *text, size_t len, struct crm_vcards *out,
			   struct crm_error *err)
{
	struct pline *lines = NULL;
	size_t nlines = 0, cap = 0, pos = 0;
	crm_status st;

	*out = (struct crm_vcards){ 0 };
	err->code = CRM_OK;
	err->msg[0] = '\0';
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		pos = 3;
	}
	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		if (nlines == cap) {
			struct pline *grown;

			cap = cap ? cap * 2 : 64;
			grown = realloc(lines, cap * sizeof(*grown));
			if (!grown) {
				free(lines);
				return oom(err);
			}
			lines = grown;
		}
		pos += n + (nl != NULL);
		if (n > 0 && s[n - 1] == '\r') {
			n--;
		}
		lines[nlines++] = (struct pline){ s, n };
	}
	st = parse_lines(lines, nlines, out, err);
	free(lines);
	if (st != CRM_OK) {
		crm_vcards_release(out);
	}
	return st;
}

/* ---- the import --------------------------------------------------------- */

/* A copy of the fields of a contact that the import compares. */
struct have {
	int64_t id, left, successor_id;
	char *uuid, *name, *role, *phone, *email, *address, *first_name, *patronymic,
		*last_name, *gender, *address_as, *position, *birthday, *interests, *note,
		*preferred, *messenger;
	bool key;
	int64_t verified;
};

static void have_release(struct have *h)
{
	char **strs[] = { &h->uuid, &h->name, &h->role, &h->phone, &h->email, &h->address,
			  &h->first_name, &h->patronymic, &h->last_name, &h->gender,
			  &h->address_as, &h->position, &h->birthday, &h->interests, &h->note,
			  &h->preferred, &h->messenger };

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		free(*strs[i]);
	}
	*h = (struct have){ 0 };
}

static bool have_copy(struct have *h, const struct crm_contact *c)
{
	const char *src[] = { c->uuid, c->name, c->role, c->phone, c->email, c->address,
			      c->first_name, c->patronymic, c->last_name, c->gender,
			      c->address_as, c->position, c->birthday, c->interests, c->note,
			      c->preferred, c->messenger };
	char **dst[] = { &h->uuid, &h->name, &h->role, &h->phone, &h->email, &h->address,
			 &h->first_name, &h->patronymic, &h->last_name, &h->gender,
			 &h->address_as, &h->position, &h->birthday, &h->interests, &h->note,
			 &h->preferred, &h->messenger };
	bool ok = true;

	h->id = c->id;
	h->key = c->key;
	h->verified = c->verified;
	h->left = c->left;
	h->successor_id = c->successor_id;
	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		*dst[i] = src[i] ? strdup(src[i]) : NULL;
		ok = ok && (!src[i] || *dst[i]);
	}
	return ok;
}

/* Copies the contact of filter f (one row at most) into found. */
static crm_status load_one(struct crm_db *db, const struct crm_contact_filter *f,
			   struct have *found)
{
	struct crm_contact_iter *it;
	const struct crm_contact *c;
	crm_status st = crm_contact_query(db, f, &it);

	if (st == CRM_OK && (st = crm_contact_iter_next(it, &c)) == CRM_OK && !have_copy(found, c)) {
		st = crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crm_contact_iter_destroy(it);
	return st == CRM_DONE ? CRM_OK : st;
}

/*
 * The contact of the client that the card is: the same uuid, else the
 * same email or phone as the contact module compares them (contact add
 * refuses such a twin); found->id is 0 when none.
 */
static crm_status find_match(struct crm_db *db, int64_t client_id, const struct crm_vcard *v,
			     struct have *found)
{
	struct crm_contact_filter f = { .client_id = client_id };
	struct crm_contact_iter *it;
	const struct crm_contact *c;
	int64_t id = 0;
	crm_status st;

	*found = (struct have){ 0 };
	st = crm_contact_query(db, &f, &it);
	while (st == CRM_OK && (st = crm_contact_iter_next(it, &c)) == CRM_OK) {
		if (v->uid && c->uuid && strcasecmp(v->uid, c->uuid) == 0) {
			id = c->id;
		}
	}
	crm_contact_iter_destroy(it);
	st = st == CRM_DONE ? CRM_OK : st;
	if (st == CRM_OK && id == 0) {
		st = crmi_contact_find_same(db, client_id, 0, v->email, v->phone, &id, NULL);
	}
	if (st == CRM_OK && id != 0) {
		st = load_one(db, &(struct crm_contact_filter){ .id = id }, found);
	}
	return st;
}

static bool differs(const char *card, const char *stored)
{
	return card && strcmp(card, stored ? stored : "") != 0;
}

/* "card at line N: <the error of db>" as CRM_EDATA (or st when not a data error). */
static crm_status card_fail(struct crm_db *db, const struct crm_vcard *v, crm_status st)
{
	char msg[900];

	if (st == CRM_ENOMEM || st == CRM_EDB || st == CRM_EBUSY) {
		return st;
	}
	snprintf(msg, sizeof(msg), "%s", crm_db_errmsg(db));
	return crmi_fail(db, st == CRM_EINVAL ? CRM_EDATA : st, "card at line %d: %s", v->line,
			 msg);
}

static bool in_list(const char *word, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(word, list[i]) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * The card's interests as the edit that makes the stored list hold the
 * same words: remove the stored words the card lacks, add the card's new
 * ones (the words both have keep their place). *tree keeps the removed
 * words readable until the edit is done; *rm and *add are malloc'd.
 */
static crm_status interests_edit(struct crm_db *db, const struct crm_vcard *v,
				 const char *stored, struct crm_list_edit *ed, cJSON **tree,
				 const char ***rm, const char ***add)
{
	const char **old;
	const cJSON *t;
	size_t n = 0, k = 0, nrm = 0, nadd = 0;

	*rm = NULL;
	*add = NULL;
	*ed = (struct crm_list_edit){ 0 };
	*tree = cJSON_Parse(stored ? stored : "[]");
	if (!*tree) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	cJSON_ArrayForEach(t, *tree) {
		n++;
	}
	old = calloc(n + 1, sizeof(*old));
	*rm = calloc(n + 1, sizeof(**rm));
	*add = calloc(v->ninterests + 1, sizeof(**add));
	if (!old || !*rm || !*add) {
		free(old);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	cJSON_ArrayForEach(t, *tree) {
		if (cJSON_IsString(t)) {
			old[k++] = t->valuestring;
		}
	}
	for (size_t i = 0; i < k; i++) {
		if (!in_list(old[i], (const char *const *)v->interests, v->ninterests)) {
			(*rm)[nrm++] = old[i];
		}
	}
	for (size_t i = 0; i < v->ninterests; i++) {
		if (!in_list(v->interests[i], old, k)) {
			(*add)[nadd++] = v->interests[i];
		}
	}
	free(old);
	*ed = (struct crm_list_edit){ .add = *add, .nadd = nadd, .remove = *rm, .nremove = nrm };
	return CRM_OK;
}

/*
 * X-CRM-LEFT of a card: the person left the client on that day (a contact
 * who has already left keeps the day stored). *changed tells whether it did.
 */
static crm_status import_left(struct crm_db *db, const struct crm_vcard *v, int64_t id,
			      int64_t stored_left, bool *changed)
{
	int64_t when;
	crm_status st;

	*changed = false;
	if (!v->left || stored_left) {
		return CRM_OK;
	}
	st = crm_date_parse(v->left, crm_db_now(db), &when);
	if (st != CRM_OK) {
		return crmi_fail(db, CRM_EDATA, "card at line %d: invalid X-CRM-LEFT '%s'", v->line,
				 v->left);
	}
	st = crm_contact_leave(db, id, when, NULL, NULL);
	if (st != CRM_OK) {
		return card_fail(db, v, st);
	}
	*changed = true;
	return CRM_OK;
}

static crm_status import_card(struct crm_db *db, int64_t client_id, const struct crm_vcard *v,
			      struct crm_vcard_stats *stats, int64_t *out_id)
{
	bool left_changed = false;
	struct crm_contact_input in = { .key = v->key };
	struct have h;
	const char **rm = NULL, **add = NULL;
	cJSON *tree = NULL;
	crm_status st;
	int64_t id;
	int64_t taken_id = 0;
	bool change = false, list_changed = false;

	if (v->verified) {
		st = crm_date_parse(v->verified, crm_db_now(db), &in.verified);
		if (st != CRM_OK) {
			return crmi_fail(db, CRM_EDATA, "card at line %d: invalid X-CRM-VERIFIED '%s'",
					 v->line, v->verified);
		}
	}
	st = find_match(db, client_id, v, &h);
	if (st != CRM_OK) {
		return st;
	}
	in.name = v->name;
	in.role = v->role;
	in.phone = v->phone;
	in.email = v->email;
	in.address = v->address;
	in.first_name = v->first_name;
	in.patronymic = v->patronymic;
	in.last_name = v->last_name;
	in.gender = v->gender;
	in.address_as = v->address_as;
	in.position = v->position;
	in.birthday = v->birthday;
	in.note = v->note;
	in.preferred = v->preferred;
	in.messenger = v->messenger;
	if (h.id == 0) {
		if (v->uid && crm_uuid_valid(v->uid)) {
			/* the uuid index, not a walk of every contact of the base */
			st = crmi_contact_uuid_id(db, v->uid, &taken_id);
			if (st == CRM_OK && taken_id) {
				st = crmi_fail(db, CRM_ECONFLICT,
					       "card at line %d: UID %s is a contact of another client",
					       v->line, v->uid);
			}
			in.uuid = v->uid;
		}
		if (st == CRM_OK && v->has_interests) {
			in.interests = (struct crm_list_edit){
				.add = (const char *const *)v->interests, .nadd = v->ninterests
			};
		}
		in.key = v->key > 0;
		/* the card's revision stands for when the person was added, so
		 * that an export imported elsewhere exports the same REV */
		in.created = v->rev;
		if (st == CRM_OK) {
			st = crm_contact_add(db, client_id, &in, &id);
			if (st != CRM_OK) {
				st = card_fail(db, v, st);
			}
		}
		if (st == CRM_OK) {
			st = import_left(db, v, id, 0, &left_changed);
			*out_id = id;
		}
		stats->added += st == CRM_OK;
		return st;
	}
	/* an update: only what differs, so that an unchanged card journals nothing */
	in.name = differs(v->name, h.name) ? v->name : NULL;
	in.role = differs(v->role, h.role) ? v->role : NULL;
	in.phone = differs(v->phone, h.phone) ? v->phone : NULL;
	/* the same address in other letters is the same address */
	in.email = v->email && (!h.email || strcasecmp(v->email, h.email) != 0) ? v->email : NULL;
	in.address = differs(v->address, h.address) ? v->address : NULL;
	in.first_name = differs(v->first_name, h.first_name) ? v->first_name : NULL;
	in.patronymic = differs(v->patronymic, h.patronymic) ? v->patronymic : NULL;
	in.last_name = differs(v->last_name, h.last_name) ? v->last_name : NULL;
	in.gender = differs(v->gender, h.gender) ? v->gender : NULL;
	in.address_as = differs(v->address_as, h.address_as) ? v->address_as : NULL;
	in.position = differs(v->position, h.position) ? v->position : NULL;
	in.birthday = differs(v->birthday, h.birthday) ? v->birthday : NULL;
	in.note = differs(v->note, h.note) ? v->note : NULL;
	in.preferred = differs(v->preferred, h.preferred) ? v->preferred : NULL;
	in.messenger = differs(v->messenger, h.messenger) ? v->messenger : NULL;
	in.key = v->key >= 0 && (v->key > 0) != h.key ? v->key : -1;
	if (in.verified == h.verified) {
		in.verified = 0;
	}
	if (v->has_interests) {
		st = interests_edit(db, v, h.interests, &in.interests, &tree, &rm, &add);
		list_changed = in.interests.nadd > 0 || in.interests.nremove > 0;
	}
	change = in.name || in.role || in.phone || in.email || in.address || in.first_name ||
		 in.patronymic || in.last_name || in.gender || in.address_as || in.position ||
		 in.birthday || in.note || in.preferred || in.messenger || in.key >= 0 ||
		 in.verified || list_changed;
	if (st == CRM_OK && change) {
		st = crm_contact_edit(db, h.id, &in);
		if (st != CRM_OK) {
			st = card_fail(db, v, st);
		}
	}
	if (st == CRM_OK) {
		st = import_left(db, v, h.id, h.left, &left_changed);
		change = change || left_changed;
		*out_id = h.id;
	}
	if (st == CRM_OK) {
		stats->updated += change;
		stats->unchanged += !change;
	}
	free(rm);
	free(add);
	cJSON_Delete(tree);
	have_release(&h);
	return st;
}

/* Links the card's contact to the one X-CRM-SUCCESSOR names, by uuid. */
static crm_status import_successor(struct crm_db *db, const struct crm_vcard *v, int64_t id)
{
	struct have h = { 0 };
	crm_status st;

	if (!v->successor || !id) {
		return CRM_OK;
	}
	st = load_one(db, &(struct crm_contact_filter){ .id = id }, &h);
	if (st == CRM_OK && crm_uuid_valid(v->successor)) {
		int64_t sid = 0;

		st = crmi_contact_uuid_id(db, v->successor, &sid);
		if (st == CRM_OK && sid && sid != h.successor_id) {
			st = crmi_contact_set_successor(db, id, sid);
		}
		if (st == CRM_OK && !sid) {
			st = crmi_fail(db, CRM_EDATA,
				       "card at line %d: X-CRM-SUCCESSOR %s is no contact of the base",
				       v->line, v->successor);
		}
	} else if (st == CRM_OK) {
		st = crmi_fail(db, CRM_EDATA, "card at line %d: invalid X-CRM-SUCCESSOR '%s'",
			       v->line, v->successor);
	}
	have_release(&h);
	return st;
}

crm_status crm_vcard_import(struct crm_db *db, int64_t client_id, const struct crm_vcards *cards,
			    struct crm_vcard_stats *stats)
{
	crm_status st;

	int64_t *ids = calloc(cards->n + 1, sizeof(*ids));

	*stats = (struct crm_vcard_stats){ 0 };
	if (!ids) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = crmi_atomic_begin(db);
	for (size_t i = 0; st == CRM_OK && i < cards->n; i++) {
		st = import_card(db, client_id, &cards->cards[i], stats, &ids[i]);
	}
	/* X-CRM-SUCCESSOR: once every card is in, whoever it names exists */
	for (size_t i = 0; st == CRM_OK && i < cards->n; i++) {
		st = import_successor(db, &cards->cards[i], ids[i]);
	}
	st = crmi_atomic_end(db, st);
	free(ids);
	if (st != CRM_OK) {
		*stats = (struct crm_vcard_stats){ 0 };
	}
	return st;
}
