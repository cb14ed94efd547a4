/*
 * find.c: full-text search over client names and notes, contacts and
 * interactions, through the table `search` of folded text: FTS5 on
 * SQLite, a tsvector with a GIN index on PostgreSQL (pg-schema.c).
 *
 * The user's text is never FTS5 syntax: it is folded like the index,
 * split into words (letters and digits of any script), and each word
 * becomes a quoted prefix term, "word"*, all of them required. The
 * snippet is cut from the original text: folding maps one code point to
 * one code point, so a match found at code point k of the folded text is
 * at code point k of the original too.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "crm-private.h"

/* Code points of a snippet, and how many of them come before the match. */
#define SNIPPET_LEN 60
#define SNIPPET_LEAD 20
#define SNIPPET_SLACK 15
#define ELLIPSIS "\xe2\x80\xa6"

/*
 * The hits, best first (FTS5 rank), with the texts they came from:
 * the client's name and note, a contact's fields, an interaction's text
 * and outcome. A hit whose record is gone (an index entry left behind)
 * has NULL texts and is skipped.
 */
static const char sql_find[] =
	"SELECT s.r, s.cid, cl.name, cl.note, ct.name, ct.role, ct.email, ct.phone,"
	" i.text, i.outcome"
	" FROM (SELECT rowid AS r, client_id AS cid, rank AS rk FROM search"
	"       WHERE search MATCH ?1 ORDER BY rank LIMIT ?2) s"
	" JOIN client cl ON cl.id = s.cid"
	" LEFT JOIN contact ct ON s.r % 4 = 1 AND ct.id = s.r / 4"
	" LEFT JOIN interaction i ON s.r % 4 = 2 AND i.id = s.r / 4"
	" ORDER BY s.rk, s.r";

/*
 * The same on PostgreSQL: search.words (a tsvector of the folded body)
 * against ?1, "'w1':* & 'w2':*" (fts_query), best first by ts_rank, which
 * grows with the words' frequency where FTS5's rank falls.
 */
static const char sql_find_pg[] =
	"SELECT s.r, s.cid, cl.name, cl.note, ct.name, ct.role, ct.email, ct.phone,"
	" i.text, i.outcome"
	" FROM (SELECT rowid AS r, client_id AS cid, ts_rank(words, q) AS rk"
	"       FROM search, to_tsquery('simple', ?1) AS q"
	"       WHERE words @@ q ORDER BY rk DESC, rowid LIMIT ?2) s"
	" JOIN client cl ON cl.id = s.cid"
	" LEFT JOIN contact ct ON s.r % 4 = 1 AND ct.id = s.r / 4"
	" LEFT JOIN interaction i ON s.r % 4 = 2 AND i.id = s.r / 4"
	" ORDER BY s.rk DESC, s.r";

struct crm_find_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;
	char **tokens;   /* folded words of the query */
	size_t ntokens;
	char *snippet;
	struct crm_find_hit row;
};

/* ---- code points -------------------------------------------------- */

static locale_t word_locale = (locale_t)0;
static pthread_once_t word_once = PTHREAD_ONCE_INIT;

static void word_locale_init(void)
{
	word_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (word_locale == (locale_t)0) {
		word_locale = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
	}
}

/* A letter or digit of any script: the characters of a word. */
static bool is_word_cp(uint32_t c)
{
	pthread_once(&word_once, word_locale_init);
	if (c < 0x80 || word_locale == (locale_t)0) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       c >= 0x80;
	}
	return iswalnum_l((wint_t)c, word_locale) != 0;
}

/* Decodes the code point at s (valid UTF-8); returns its length. */
static size_t cp_next(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0 && p[1]) {
		*cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		return 2;
	}
	if ((p[0] & 0xF0) == 0xE0 && p[1] && p[2]) {
		*cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		      (p[2] & 0x3F);
		return 3;
	}
	if ((p[0] & 0xF8) == 0xF0 && p[1] && p[2] && p[3]) {
		*cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
		      ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD; /* not reached with valid text */
	return 1;
}

/* ---- the query ---------------------------------------------------- */

static void free_tokens(char **tokens, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(tokens[i]);
	}
	free(tokens);
}

/* Splits folded text into words; *out is a malloc'd array of copies. */
static crm_status split_words(struct crm_db *db, const char *fold, char ***out, size_t *n)
{
	char **tokens = NULL;
	size_t count = 0;
	const char *p = fold;

	*out = NULL;
	*n = 0;
	while (*p) {
		const char *start;
		uint32_t cp;
		size_t len = cp_next(p, &cp);
		char **grown;

		if (!is_word_cp(cp)) {
			p += len;
			continue;
		}
		start = p;
		while (*p && (len = cp_next(p, &cp)) > 0 && is_word_cp(cp)) {
			p += len;
		}
		grown = realloc(tokens, (count + 1) * sizeof(*tokens));
		if (!grown || !(grown[count] = strndup(start, (size_t)(p - start)))) {
			tokens = grown ? grown : tokens;
			free_tokens(tokens, count);
			return crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
		tokens = grown;
		count++;
	}
	*out = tokens;
	*n = count;
	return CRM_OK;
}

/*
 * "w1"* "w2"* ... for FTS5, or 'w1':* & 'w2':* ... for PostgreSQL's
 * to_tsquery (pg true): every word a quoted prefix term, all required.
 */
static char *fts_query(char **tokens, size_t n, bool pg)
{
	size_t len = 1;
	char *q, *p;

	for (size_t i = 0; i < n; i++) {
		len += strlen(tokens[i]) + 7;
	}
	q = malloc(len);
	if (!q) {
		return NULL;
	}
	p = q;
	for (size_t i = 0; i < n; i++) {
		/* words hold letters and digits only: never a quote to escape */
		p += snprintf(p, len - (size_t)(p - q), pg ? "%s'%s':*" : "%s\"%s\"*",
			      i ? (pg ? " & " : " ") : "", tokens[i]);
	}
	*p = '\0';
	return q;
}

crm_status crm_client_find(struct crm_db *db, const char *text, int64_t limit,
			   struct crm_find_iter **out)
{
	struct crm_find_iter *it;
	char *fold, *query;
	crm_status st;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	if (!text || !*text) {
		return crmi_fail(db, CRM_EINVAL, "empty search text");
	}
	fold = crm_text_fold(text);
	if (!fold) {
		return crmi_fail(db, CRM_EINVAL, "the search text is not valid UTF-8 text");
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		free(fold);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	st = split_words(db, fold, &it->tokens, &it->ntokens);
	free(fold);
	if (st == CRM_OK && it->ntokens == 0) {
		st = crmi_fail(db, CRM_EINVAL, "no word to search for in '%s': give letters or digits",
			       text);
	}
	if (st != CRM_OK) {
		crm_find_iter_destroy(it);
		return st;
	}
	query = fts_query(it->tokens, it->ntokens, db->pg != NULL);
	if (!query) {
		crm_find_iter_destroy(it);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->sql = CRMI_SQL(db, sql_find, sql_find_pg);
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(query);
		crm_find_iter_destroy(it);
		return crmi_sqlfail(db, rc, "cannot search");
	}
	crmi_bind_text_copy(it->st, 1, query);
	crmi_bind_int64(it->st, 2, limit > 0 ? limit : -1);
	free(query);
	*out = it;
	return CRM_OK;
}

/* ---- snippets ----------------------------------------------------- */

/*
 * The code point index of the first word of text that starts with one of
 * the query words, or -1. fold is the folded text.
 */
static long first_match(const char *fold, char **tokens, size_t n)
{
	const char *p = fold;
	bool prev_word = false;
	long k = 0;

	while (*p) {
		uint32_t cp;
		size_t len = cp_next(p, &cp);
		bool word = is_word_cp(cp);

		if (word && !prev_word) {
			for (size_t i = 0; i < n; i++) {
				if (strncmp(p, tokens[i], strlen(tokens[i])) == 0) {
					return k;
				}
			}
		}
		prev_word = word;
		p += len;
		k++;
	}
	return -1;
}

/* The byte offset of code point k of s. */
static size_t cp_offset(const char *s, long k)
{
	const char *p = s;
	uint32_t cp;

	while (k-- > 0 && *p) {
		p += cp_next(p, &cp);
	}
	return (size_t)(p - s);
}

/* Appends the bytes of s from a to b, each control character a space. */
static size_t copy_flat(char *dst, const char *s, size_t a, size_t b)
{
	size_t n = 0;

	for (size_t i = a; i < b; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	return n;
}

/*
 * About SNIPPET_LEN code points of orig around code point k, starting
 * at a word when it can, with an ellipsis at each cut end.
 */
static char *cut_snippet(const char *orig, long k)
{
	long len = (long)crm_utf8_len(orig), start, end;
	size_t a, b, n, e = strlen(ELLIPSIS);
	char *out;

	start = k > SNIPPET_LEAD ? k - SNIPPET_LEAD : 0;
	end = start + SNIPPET_LEN;
	if (len <= SNIPPET_LEN + SNIPPET_SLACK) {
		/* hardly longer than a snippet: the whole text */
		start = 0;
		end = len;
	} else if (end > len) {
		end = len;
		start = end - SNIPPET_LEN > 0 ? end - SNIPPET_LEN : 0;
		start = start < k ? start : k;
	}
	a = cp_offset(orig, start);
	b = cp_offset(orig, end);
	/* begin after a blank when one is near, so that no word is cut */
	if (start > 0) {
		size_t limit = cp_offset(orig, k);

		for (size_t i = a; i < limit && i < a + 12; i++) {
			if (orig[i] == ' ' || orig[i] == '\n') {
				a = i + 1;
				break;
			}
		}
	}
	/* and end before one */
	if (end < len) {
		size_t m = cp_offset(orig, k + 1);

		for (size_t i = b; i > m && i + 12 > b; i--) {
			if (orig[i - 1] == ' ' || orig[i - 1] == '\n') {
				b = i - 1;
				break;
			}
		}
	}
	out = malloc(b - a + 2 * e + 1);
	if (!out) {
		return NULL;
	}
	n = 0;
	if (start > 0) {
		memcpy(out, ELLIPSIS, e);
		n = e;
	}
	n += copy_flat(out + n, orig, a, b);
	if (end < len) {
		memcpy(out + n, ELLIPSIS, e);
		n += e;
	}
	out[n] = '\0';
	return out;
}

/* The snippet of text around its first match, or NULL (no match, or ENOMEM). */
static char *snippet_of(const struct crm_find_iter *it, const char *text)
{
	char *fold;
	long k;

	if (!text || !*text || !(fold = crm_text_fold(text))) {
		return NULL;
	}
	k = first_match(fold, it->tokens, it->ntokens);
	free(fold);
	return k < 0 ? NULL : cut_snippet(text, k);
}

/* Several fields of a record as one text: "a, b, c" (NULLs skipped). */
static char *join_fields(const char *const *parts, size_t n)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; i < n; i++) {
		len += parts[i] ? strlen(parts[i]) + 2 : 0;
	}
	out = malloc(len);
	if (!out) {
		return NULL;
	}
	out[0] = '\0';
	for (size_t i = 0, used = 0; i < n; i++) {
		if (parts[i] && *parts[i]) {
			used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ", " : "",
						 parts[i]);
		}
	}
	return out;
}

/*
 * Picks the source and the snippet of the current row: for a client the
 * name when a word matches there, else the note; for a contact its
 * fields; for an interaction its text, else its outcome. Returns false
 * when the record is gone.
 */
static bool fill_hit(struct crm_find_iter *it)
{
	crmi_stmt *s = it->st;
	int64_t rowid = crmi_col_int64(s, 0);
	const char *a, *b;

	it->row.ref_id = rowid / 4;
	switch (rowid % 4) {
	case CRMI_SEARCH_CLIENT:
		a = crmi_col_text(s, 2);
		b = crmi_col_text(s, 3);
		it->snippet = snippet_of(it, a);
		it->row.source = "name";
		if (!it->snippet && b && (it->snippet = snippet_of(it, b))) {
			it->row.source = "note";
		}
		if (!it->snippet) {
			it->snippet = cut_snippet(a, 0);
		}
		return true;
	case CRMI_SEARCH_CONTACT: {
		const char *parts[4];
		char *joined;

		if (crmi_col_null(s, 4)) {
			return false;
		}
		for (int i = 0; i < 4; i++) {
			parts[i] = crmi_col_text(s, 4 + i);
		}
		joined = join_fields(parts, 4);
		it->row.source = "contact";
		it->snippet = snippet_of(it, joined);
		if (!it->snippet && joined) {
			it->snippet = cut_snippet(joined, 0);
		}
		free(joined);
		return true;
	}
	case CRMI_SEARCH_INTERACTION:
		if (crmi_col_null(s, 8)) {
			return false;
		}
		a = crmi_col_text(s, 8);
		b = crmi_col_text(s, 9);
		it->row.source = "interaction";
		it->snippet = snippet_of(it, a);
		if (!it->snippet && b) {
			it->snippet = snippet_of(it, b);
		}
		if (!it->snippet) {
			it->snippet = cut_snippet(a, 0);
		}
		return true;
	default:
		return false;
	}
}

crm_status crm_find_iter_next(struct crm_find_iter *it, const struct crm_find_hit **row)
{
	int rc;

	*row = NULL;
	free(it->snippet);
	it->snippet = NULL;
	while (!it->done) {
		rc = crmi_step(it->st);
		if (rc == CRMI_DONE) {
			it->done = true;
			break;
		}
		if (rc != CRMI_ROW) {
			return crmi_sqlfail(it->db, rc, "cannot search");
		}
		it->row = (struct crm_find_hit){
			.client_id = crmi_col_int64(it->st, 1),
			.client = crmi_col_text(it->st, 2),
		};
		if (!fill_hit(it)) {
			continue;
		}
		if (!it->snippet) {
			return crmi_fail(it->db, CRM_ENOMEM, "out of memory");
		}
		it->row.snippet = it->snippet;
		*row = &it->row;
		return CRM_OK;
	}
	return CRM_DONE;
}

void crm_find_iter_destroy(struct crm_find_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free_tokens(it->tokens, it->ntokens);
	free(it->snippet);
	free(it);
}
