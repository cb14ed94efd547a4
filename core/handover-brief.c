/*
 * handover-brief.c: what a briefing must hold before a client is handed
 * over. The source asks for the full history, what was agreed and why,
 * every promise, discount, doubt and risk: a count of characters alone
 * lets "всё ок" thirty times through. So a briefing needs
 * handover.min_brief_chars characters and handover.min_brief_words
 * distinct words (folded: "Ок" and "ок" are one word), and a briefing
 * written on the template of crm handover template (its "== title =="
 * headings kept) must have every section filled. The headings themselves
 * count neither as characters nor as words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "handover-private.h"

const char *const crm_brief_sections_ru[] = {
	"Кто принимает решения и как к ним обращаться",
	"Что ценит клиент: характер, интересы, что ему приятно",
	"Открытые обещания, гарантии и скидки",
	"Конфликты и накладки",
	"Что должно произойти дальше",
	NULL,
};

const char *const crm_brief_sections_en[] = {
	"Who decides and how to address them",
	"What the client values: character, interests, what pleases them",
	"Open promises, guarantees and discounts",
	"Conflicts and mishaps",
	"What must happen next",
	NULL,
};

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/*
 * The section whose heading the line (n bytes, no newline) is: 0.. for a
 * known "== title ==" of either language, -1 for any other line. *ru
 * tells the language of the heading found.
 */
static int heading(const char *line, size_t n, bool *ru)
{
	char buf[256], *fold;
	int found = -1;

	while (n && blank(*line)) {
		line++;
		n--;
	}
	while (n && blank(line[n - 1])) {
		n--;
	}
	if (n < 5 || strncmp(line, "==", 2) != 0 || strncmp(line + n - 2, "==", 2) != 0) {
		return -1;
	}
	line += 2;
	n -= 4;
	while (n && blank(*line)) {
		line++;
		n--;
	}
	while (n && blank(line[n - 1])) {
		n--;
	}
	if (n == 0 || n >= sizeof(buf)) {
		return -1;
	}
	memcpy(buf, line, n);
	buf[n] = '\0';
	fold = crm_text_fold(buf);
	if (!fold) {
		return -1;
	}
	for (int k = 0; k < CRM_BRIEF_SECTIONS && found < 0; k++) {
		char *r = crm_text_fold(crm_brief_sections_ru[k]);
		char *e = crm_text_fold(crm_brief_sections_en[k]);

		if (r && strcmp(fold, r) == 0) {
			found = k;
			*ru = true;
		} else if (e && strcmp(fold, e) == 0) {
			found = k;
			*ru = false;
		}
		free(r);
		free(e);
	}
	free(fold);
	return found;
}

bool crm_brief_has_headings(const char *brief)
{
	const char *p = brief;
	bool ru;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (heading(p, n, &ru) >= 0) {
			return true;
		}
		p += n + (nl ? 1 : 0);
	}
	return false;
}

/* The text without its heading lines (malloc'd); *found their sections. */
static char *body_of(const char *brief, bool found[CRM_BRIEF_SECTIONS], bool filled[],
		     bool *any, bool *ru)
{
	char *body = malloc(strlen(brief) + 1), *w = body;
	const char *p = brief;
	int cur = -1;

	*any = false;
	*ru = true;
	if (!body) {
		return NULL;
	}
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		bool lru = true;
		int k = heading(p, n, &lru);

		if (k >= 0) {
			if (!*any) {
				*ru = lru;
			}
			*any = true;
			found[k] = true;
			cur = k;
		} else {
			for (size_t i = 0; i < n && cur >= 0; i++) {
				if (!blank(p[i])) {
					filled[cur] = true;
					break;
				}
			}
			memcpy(w, p, n);
			w += n;
			if (nl) {
				*w++ = '\n';
			}
		}
		p += n + (nl ? 1 : 0);
	}
	*w = '\0';
	return body;
}

/* Characters of s once leading and trailing blanks are set aside. */
static size_t count_chars(const char *s)
{
	const char *end = s + strlen(s);
	size_t n = 0;

	while (blank(*s)) {
		s++;
	}
	while (end > s && blank(end[-1])) {
		end--;
	}
	for (; s < end; s++) {
		n += ((unsigned char)*s & 0xc0) != 0x80;
	}
	return n;
}

/* A code point that ends a word: ASCII other than letters and digits,
 * Latin-1 signs («», ×), general punctuation (—, …, „“), letterlike
 * symbols (№) and CJK punctuation. */
static bool separator(uint32_t c)
{
	if (c < 0x80) {
		return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
	}
	return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
	       (c >= 0x2000 && c <= 0x206F) || (c >= 0x2100 && c <= 0x214F) ||
	       (c >= 0x2190 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || c == 0xFEFF;
}

/* The length of the UTF-8 sequence at p (1 for a stray byte) and its code
 * point. */
static size_t decode(const unsigned char *p, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	if ((p[0] & 0xF8) == 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	    (p[3] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		      (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t crmi_brief_distinct_words(const char *text)
{
	char *fold = crm_text_fold(text), **words;
	size_t n = 0, distinct = 0, cap;
	unsigned char *p;

	if (!fold) {
		return 0;
	}
	cap = strlen(fold) / 2 + 1;
	words = malloc(cap * sizeof(*words));
	if (!words) {
		free(fold);
		return 0;
	}
	p = (unsigned char *)fold;
	while (*p) {
		uint32_t cp;
		size_t len = decode(p, &cp);

		if (separator(cp)) {
			memset(p, 0, len);
			p += len;
			continue;
		}
		if (n < cap) {
			words[n++] = (char *)p;
		}
		while (*p) {
			len = decode(p, &cp);
			if (separator(cp)) {
				break;
			}
			p += len;
		}
	}
	qsort(words, n, sizeof(*words), cmp_word);
	for (size_t i = 0; i < n; i++) {
		distinct += i == 0 || strcmp(words[i - 1], words[i]) != 0;
	}
	free(words);
	free(fold);
	return distinct;
}

crm_status crmi_handover_check_brief(struct crm_db *db, const char *brief, int64_t min_chars,
				     int64_t min_words)
{
	bool found[CRM_BRIEF_SECTIONS] = { 0 }, filled[CRM_BRIEF_SECTIONS] = { 0 }, any, ru;
	const char *const *titles;
	char *body = body_of(brief, found, filled, &any, &ru);
	crm_status s = CRM_OK;
	size_t n;

	if (!body) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	titles = ru ? crm_brief_sections_ru : crm_brief_sections_en;
	for (int k = 0; any && k < CRM_BRIEF_SECTIONS && s == CRM_OK; k++) {
		if (!found[k]) {
			s = crmi_fail(db, CRM_ECONFLICT, "the briefing keeps the headings of 'crm "
				      "handover template' but not the section '%s': write every "
				      "section (say plainly when there is nothing to tell)", titles[k]);
		} else if (!filled[k]) {
			s = crmi_fail(db, CRM_ECONFLICT, "the section '%s' of the briefing is empty: "
				      "fill in every section (say plainly when there is nothing to "
				      "tell)", titles[k]);
		}
	}
	n = count_chars(body);
	if (s == CRM_OK && (int64_t)n < min_chars) {
		s = crmi_fail(db, CRM_ECONFLICT,
			      "the briefing has %zu characters, at least %lld are needed "
			      "(handover.min_brief_chars): write the full history, what was agreed "
			      "and why, what still needs work, every promise, discount, doubt and risk",
			      n, (long long)min_chars);
	}
	if (s == CRM_OK && (int64_t)(n = crmi_brief_distinct_words(body)) < min_words) {
		s = crmi_fail(db, CRM_ECONFLICT,
			      "the briefing has %zu distinct words, at least %lld are needed "
			      "(handover.min_brief_words): write what the receiver needs to know "
			      "('crm handover template' lists it)", n, (long long)min_words);
	}
	free(body);
	return s;
}

/* ---- the template ---------------------------------------------------------- */


/* One value on a '#' line: its line breaks and tabs become spaces, so
 * that no value of the sheet ends the comment. */
static void tb_value(struct crmi_buf *b, const char *v)
{
	char one[2] = { 0, 0 };

	for (; *v; v++) {
		one[0] = *v == '\n' || *v == '\r' || *v == '\t' ? ' ' : *v;
		crmi_buf_adds(b, one);
	}
}

/* "#   label: a, b, c" of the string members keys of o. */
static void tb_fact(struct crmi_buf *b, const char *label, const cJSON *o, const char *const *keys)
{
	bool first = true;
	size_t start = b->len;

	crmi_buf_adds(b, "#   ");
	crmi_buf_adds(b, label);
	crmi_buf_adds(b, ":");
	for (size_t i = 0; keys[i]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, keys[i]);

		if (cJSON_IsString(v) && *v->valuestring) {
			crmi_buf_adds(b, first ? " " : ", ");
			tb_value(b, v->valuestring);
			first = false;
		} else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0) {
			const cJSON *w;

			cJSON_ArrayForEach(w, v) {
				if (cJSON_IsString(w)) {
					crmi_buf_adds(b, first ? " " : ", ");
					tb_value(b, w->valuestring);
					first = false;
				}
			}
		}
	}
	if (first) {
		/* nothing to say: no line at all */
		if (!b->oom) {
			b->len = start;
			b->p[start] = '\0';
		}
		return;
	}
	crmi_buf_adds(b, "\n");
}

/* The facts of the sheet under section k. */
static void tb_facts(struct crmi_buf *b, const cJSON *d, int k, bool ru)
{
	static const char *const k_contact[] = { "name", "role", "phone", "email", NULL };
	static const char *const k_client[] = { "traits", "interests", "tags", "note", NULL };
	static const char *const k_promise[] = { "kind", "text", "due", NULL };
	static const char *const k_incident[] = { "kind", "text", NULL };
	static const char *const k_next[] = { "text", "due", "assignee", NULL };
	const cJSON *it;

	switch (k) {
	case 0:
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, "contacts")) {
			if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "key"))) {
				tb_fact(b, ru ? "ключевой контакт" : "key contact", it, k_contact);
			}
		}
		break;
	case 1:
		tb_fact(b, ru ? "в карточке" : "on the sheet",
			cJSON_GetObjectItemCaseSensitive(d, "client"), k_client);
		break;
	case 2:
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, "promises")) {
			tb_fact(b, ru ? "открыто" : "open", it, k_promise);
		}
		break;
	case 3:
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, "incidents")) {
			tb_fact(b, ru ? "открыто" : "open", it, k_incident);
		}
		break;
	default:
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, "next_actions")) {
			tb_fact(b, ru ? "следующее действие" : "next action", it, k_next);
		}
		break;
	}
}

crm_status crm_handover_template(struct crm_db *db, int64_t client_id, char **text)
{
	static const char *const intro_ru =
		"# Передача клиента: что должен знать новый менеджер. Заполните каждый раздел\n"
		"# (если сказать нечего, так и напишите: «открытых обещаний нет»). Строки с '#'\n"
		"# при передаче отбрасываются; заголовки разделов оставьте как есть.\n";
	static const char *const intro_en =
		"# Handing over a client: what the new manager must know. Fill in every section\n"
		"# (when there is nothing to tell, say so: \"no open promises\"). Lines starting\n"
		"# with '#' are dropped; keep the section headings as they are.\n";
	struct crmi_buf b = { 0 };
	cJSON *d = NULL;
	char *json = NULL;
	/* the briefing is kept in the base: the template speaks its language */
	bool ru = base_ru(db);

	*text = NULL;
	if (client_id) {
		crm_status s = crm_handover_dossier(db, client_id, NULL, &json);

		if (s != CRM_OK) {
			return s;
		}
		d = cJSON_Parse(json);
		free(json);
		if (!d) {
			return crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	}
	crmi_buf_adds(&b, ru ? intro_ru : intro_en);
	for (int k = 0; k < CRM_BRIEF_SECTIONS; k++) {
		crmi_buf_adds(&b, "\n== ");
		crmi_buf_adds(&b, (ru ? crm_brief_sections_ru : crm_brief_sections_en)[k]);
		crmi_buf_adds(&b, " ==\n");
		if (d) {
			tb_facts(&b, d, k, ru);
		}
		crmi_buf_adds(&b, "\n");
	}
	cJSON_Delete(d);
	if (b.oom) {
		free(b.p);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	*text = b.p;
	return CRM_OK;
}
