/*
 * json-strict.c: a strict RFC 8259 reader of one JSON text, a leaf with no
 * base (the import turns its message into the base's error).
 *
 * Why a JSON reader of our own: cJSON keeps numbers as doubles (a 64-bit id
 * or an amount above 2^53 would silently lose digits), takes the last of
 * two equal keys, and accepts raw control characters, "\u0000" and
 * trailing text. This reader is strict RFC 8259 and builds a cJSON tree in
 * which every number is a Raw item holding its exact text, so the mapper
 * converts ids and amounts exactly or refuses them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

#define JSON_DEPTH_MAX 32
#define JSON_KEYS_MAX 256

struct jr {
	char *err;          /* the message of a failure */
	size_t errlen;
	crm_status st;      /* CRM_OK, or the failure */
	const char *s;      /* start of the text */
	const char *p;      /* read position */
	const char *end;
	int depth;
};

static cJSON *jr_value(struct jr *j);

static crm_status jr_error(struct jr *j, crm_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static crm_status jr_error(struct jr *j, crm_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->err, j->errlen, fmt, ap);
	va_end(ap);
	j->st = st;
	return st;
}

static cJSON *jr_fail(struct jr *j, const char *why)
{
	jr_error(j, CRM_EDATA, _("invalid JSON at byte %zu: %s"), (size_t)(j->p - j->s) + 1, why);
	return NULL;
}

static cJSON *jr_nomem(struct jr *j)
{
	jr_error(j, CRM_ENOMEM, _("out of memory"));
	return NULL;
}

static void jr_ws(struct jr *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) {
		j->p++;
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/* Four hex digits after "\u"; -1 when malformed. */
static long jr_hex4(struct jr *j)
{
	long v = 0;

	if (j->end - j->p < 4) {
		return -1;
	}
	for (int i = 0; i < 4; i++) {
		int h = hexval(j->p[i]);

		if (h < 0) {
			return -1;
		}
		v = v * 16 + h;
	}
	j->p += 4;
	return v;
}

static size_t utf8_put(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* One escape after the backslash into o; its length, or 0 on error. */
static size_t jr_escape(struct jr *j, char *o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e = j->p < j->end ? strchr(from, *j->p) : NULL;
	long cp, lo;

	if (e && *e) {
		j->p++;
		*o = to[e - from];
		return 1;
	}
	if (j->p >= j->end || *j->p != 'u') {
		jr_fail(j, _("invalid escape in a string"));
		return 0;
	}
	j->p++;
	cp = jr_hex4(j);
	if (cp < 0) {
		jr_fail(j, _("invalid \\u escape: four hex digits expected"));
		return 0;
	}
	if (cp >= 0xDC00 && cp <= 0xDFFF) {
		jr_fail(j, _("a lone low surrogate in a \\u escape"));
		return 0;
	}
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u') {
			jr_fail(j, _("a lone high surrogate in a \\u escape"));
			return 0;
		}
		j->p += 2;
		lo = jr_hex4(j);
		if (lo < 0xDC00 || lo > 0xDFFF) {
			jr_fail(j, _("a high surrogate not followed by a low one"));
			return 0;
		}
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	if (cp == 0) {
		jr_fail(j, _("\\u0000 (a NUL character) is not allowed in text"));
		return 0;
	}
	return utf8_put(o, (unsigned long)cp);
}

/* A string at j->p (on the opening quote) into a malloc'd copy. */
static char *jr_string(struct jr *j)
{
	const char *q;
	char *out, *o;

	j->p++;
	/* escapes never grow the text: the raw length bounds the result */
	for (q = j->p; q < j->end && *q != '"'; q++) {
		if (*q == '\\' && q + 1 < j->end) {
			q++;
		}
	}
	out = malloc((size_t)(q - j->p) + 1);
	if (!out) {
		jr_nomem(j);
		return NULL;
	}
	o = out;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;

		if (c < 0x20) {
			jr_fail(j, _("a control character in a string: escape it"));
			free(out);
			return NULL;
		}
		if (c == '\\') {
			size_t n;

			j->p++;
			n = jr_escape(j, o);
			if (n == 0) {
				free(out);
				return NULL;
			}
			o += n;
			continue;
		}
		*o++ = (char)c;
		j->p++;
	}
	if (j->p >= j->end) {
		free(out);
		jr_fail(j, _("unterminated string"));
		return NULL;
	}
	j->p++;
	*o = '\0';
	return out;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number by the JSON grammar, kept as its exact text (a Raw item). */
static cJSON *jr_number(struct jr *j)
{
	const char *b = j->p;
	char *text;
	cJSON *item;

	if (j->p < j->end && *j->p == '-') {
		j->p++;
	}
	if (j->p >= j->end || !is_digit(*j->p)) {
		return jr_fail(j, _("invalid number"));
	}
	if (*j->p == '0' && j->p + 1 < j->end && is_digit(j->p[1])) {
		return jr_fail(j, _("invalid number: a leading zero"));
	}
	while (j->p < j->end && is_digit(*j->p)) {
		j->p++;
	}
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (j->p >= j->end || !is_digit(*j->p)) {
			return jr_fail(j, _("invalid number: digits expected after the point"));
		}
		while (j->p < j->end && is_digit(*j->p)) {
			j->p++;
		}
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-')) {
			j->p++;
		}
		if (j->p >= j->end || !is_digit(*j->p)) {
			return jr_fail(j, _("invalid number: digits expected in the exponent"));
		}
		while (j->p < j->end && is_digit(*j->p)) {
			j->p++;
		}
	}
	text = strndup(b, (size_t)(j->p - b));
	if (!text) {
		return jr_nomem(j);
	}
	item = cJSON_CreateRaw(text);
	free(text);
	return item ? item : jr_nomem(j);
}

static cJSON *jr_literal(struct jr *j)
{
	static const struct {
		const char *word;
		int type;
	} lits[] = { { "true", cJSON_True }, { "false", cJSON_False }, { "null", cJSON_NULL } };

	for (size_t i = 0; i < ARRAY_SIZE(lits); i++) {
		size_t n = strlen(lits[i].word);

		if ((size_t)(j->end - j->p) >= n && memcmp(j->p, lits[i].word, n) == 0) {
			cJSON *item = lits[i].type == cJSON_NULL ? cJSON_CreateNull() :
				      cJSON_CreateBool(lits[i].type == cJSON_True);

			j->p += n;
			return item ? item : jr_nomem(j);
		}
	}
	return jr_fail(j, _("unexpected text: a JSON value expected"));
}

static cJSON *jr_object(struct jr *j)
{
	cJSON *obj = cJSON_CreateObject();
	int nkeys = 0;

	if (!obj) {
		return jr_nomem(j);
	}
	j->p++;
	jr_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return obj;
	}
	for (;;) {
		const char *kpos = j->p;
		char *key;
		cJSON *v;

		if (j->p >= j->end || *j->p != '"') {
			cJSON_Delete(obj);
			return jr_fail(j, _("a key in quotes expected"));
		}
		key = jr_string(j);
		if (!key) {
			cJSON_Delete(obj);
			return NULL;
		}
		if (cJSON_GetObjectItemCaseSensitive(obj, key)) {
			j->p = kpos;
			jr_error(j, CRM_EDATA, _("invalid JSON at byte %zu: duplicate key '%s'"),
				 (size_t)(kpos - j->s) + 1, key);
			free(key);
			cJSON_Delete(obj);
			return NULL;
		}
		if (++nkeys > JSON_KEYS_MAX) {
			free(key);
			cJSON_Delete(obj);
			return jr_fail(j, _("an object with too many keys"));
		}
		jr_ws(j);
		if (j->p >= j->end || *j->p != ':') {
			free(key);
			cJSON_Delete(obj);
			return jr_fail(j, _("':' expected after a key"));
		}
		j->p++;
		v = jr_value(j);
		if (!v) {
			free(key);
			cJSON_Delete(obj);
			return NULL;
		}
		if (!cJSON_AddItemToObject(obj, key, v)) {
			free(key);
			cJSON_Delete(v);
			cJSON_Delete(obj);
			return jr_nomem(j);
		}
		free(key);
		jr_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			jr_ws(j);
			continue;
		}
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			return obj;
		}
		cJSON_Delete(obj);
		return jr_fail(j, _("',' or '}' expected"));
	}
}

static cJSON *jr_array(struct jr *j)
{
	cJSON *arr = cJSON_CreateArray();
	cJSON *last = NULL;

	if (!arr) {
		return jr_nomem(j);
	}
	j->p++;
	jr_ws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		return arr;
	}
	for (;;) {
		cJSON *v = jr_value(j);

		if (!v) {
			cJSON_Delete(arr);
			return NULL;
		}
		/* append in O(1): cJSON_AddItemToArray walks the list */
		if (!last) {
			arr->child = v;
			v->prev = v;
		} else {
			last->next = v;
			v->prev = last;
			arr->child->prev = v;
		}
		last = v;
		jr_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			return arr;
		}
		cJSON_Delete(arr);
		return jr_fail(j, _("',' or ']' expected"));
	}
}

static cJSON *jr_value(struct jr *j)
{
	cJSON *v;

	jr_ws(j);
	if (j->p >= j->end) {
		return jr_fail(j, _("unexpected end of the line"));
	}
	switch (*j->p) {
	case '{':
	case '[':
		if (++j->depth > JSON_DEPTH_MAX) {
			return jr_fail(j, _("nested too deeply"));
		}
		v = *j->p == '{' ? jr_object(j) : jr_array(j);
		j->depth--;
		return v;
	case '"': {
		char *s = jr_string(j);

		if (!s) {
			return NULL;
		}
		v = cJSON_CreateString(s);
		free(s);
		return v ? v : jr_nomem(j);
	}
	default:
		if (*j->p == '-' || is_digit(*j->p)) {
			return jr_number(j);
		}
		return jr_literal(j);
	}
}

crm_status crmi_json_parse(const char *text, size_t n, cJSON **out, char *err, size_t errlen)
{
	struct jr j = { err, errlen, CRM_OK, text, text, text + n, 0 };
	const char *nul = memchr(text, '\0', n);
	cJSON *v;

	*out = NULL;
	if (errlen) {
		err[0] = '\0';
	}
	if (nul) {
		return jr_error(&j, CRM_EDATA, _("a NUL byte at byte %zu"), (size_t)(nul - text) + 1);
	}
	if (!crm_utf8_valid(text, n)) {
		return jr_error(&j, CRM_EDATA, _("not valid UTF-8 text (from Windows-1251? convert "
				"it first: iconv -f WINDOWS-1251 -t UTF-8)"));
	}
	v = jr_value(&j);
	if (!v) {
		return j.st;
	}
	jr_ws(&j);
	if (j.p != j.end) {
		cJSON_Delete(v);
		jr_fail(&j, _("unexpected text after the value"));
		return j.st;
	}
	*out = v;
	return CRM_OK;
}
