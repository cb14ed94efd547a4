/*
 * vip-form.c: the VIP questionnaire as a form to print for the one-hour
 * meeting (seed 004: the interviewer works from a paper form), as plain
 * text that fits 80 columns or as Markdown for pandoc. The questions are
 * numbered through the form, as the interview on a terminal counts them,
 * so that "question 7" means the same on paper and on screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vip-private.h"

#define WIDTH 78          /* the longest line of the text form */
#define MD_LINE 60        /* underscores of an answer line in Markdown */
#define TEXT_LINES 3      /* answer lines under a text question */
#define ENTRIES 3         /* blank entries of a list of contacts or referrals */

struct words {
	const char *title, *version, *client, *date, *interviewer, *required, *yes, *no,
		*answer, *name, *role, *phone, *email, *who, *contact, *note;
};

static const struct words words_ru = {
	.title = "VIP-анкета", .version = "Версия анкеты", .client = "Клиент",
	.date = "Дата встречи", .interviewer = "Сотрудник", .required = "(обязательно)",
	.yes = "да", .no = "нет", .answer = "Ответ", .name = "Имя", .role = "Должность",
	.phone = "Телефон", .email = "Email", .who = "Компания или человек",
	.contact = "Контактное лицо", .note = "Примечание",
};

static const struct words words_en = {
	.title = "VIP questionnaire", .version = "Questionnaire version", .client = "Client",
	.date = "Meeting date", .interviewer = "Interviewer", .required = "(required)",
	.yes = "yes", .no = "no", .answer = "Answer", .name = "Name", .role = "Role",
	.phone = "Phone", .email = "Email", .who = "Company or person",
	.contact = "Contact person", .note = "Note",
};

struct form {
	struct crmi_buf b;
	bool md;
	const struct words *w;
};

/* ---- text ------------------------------------------------------------------ */

/* The next code point of s (at *i), as one character of the form: a
 * character that is no plain one (a line break, a control) is a space. */
static size_t next_char(const char *s, size_t i, bool *space)
{
	uint32_t cp = 0;
	size_t n = crm_utf8_decode(s + i, strlen(s + i), &cp);

	if (n == 0) {
		n = 1;
		cp = '?';
	}
	*space = cp == ' ' || cp == '\t' || crm_text_char_class(cp) != CRM_CHAR_PLAIN;
	return n;
}

static void add_n(struct form *f, const char *s, size_t n)
{
	crmi_buf_add(&f->b, s, n);
}

static void add_rep(struct form *f, const char *s, size_t times)
{
	for (size_t i = 0; i < times; i++) {
		crmi_buf_adds(&f->b, s);
	}
}

/* s with every character that is no plain one (a line break, a control) as a space. */
static void add_plain(struct form *f, const char *s)
{
	bool space;

	for (size_t i = 0, n; s[i]; i += n) {
		n = next_char(s, i, &space);
		add_n(f, space ? " " : s + i, space ? 1 : n);
	}
}

/*
 * s wrapped to WIDTH: the first line starts with first (of width indent),
 * the others with indent spaces. A word longer than a line is cut.
 */
static void wrap(struct form *f, const char *first, size_t indent, const char *s)
{
	size_t i = 0, col = indent, avail = WIDTH > indent + 10 ? WIDTH - indent : 10;
	bool space, line_empty = true;

	crmi_buf_adds(&f->b, first);
	while (s[i]) {
		size_t start, end, w = 0, n;

		/* skip spaces, then take a word */
		while (s[i] && (n = next_char(s, i, &space), space)) {
			i += n;
		}
		if (!s[i]) {
			break;
		}
		start = end = i;
		while (s[end] && (n = next_char(s, end, &space), !space)) {
			end += n;
			w++;
		}
		i = end;
		if (!line_empty && col + 1 + w > indent + avail) {
			add_n(f, "\n", 1);
			add_rep(f, " ", indent);
			col = indent;
			line_empty = true;
		}
		if (!line_empty) {
			add_n(f, " ", 1);
			col++;
		}
		/* a word too long for any line is cut where the line ends */
		while (w > avail) {
			size_t k = start, cut = 0;

			while (cut < avail - (col - indent)) {
				k += next_char(s, k, &space);
				cut++;
			}
			add_n(f, s + start, k - start);
			add_n(f, "\n", 1);
			add_rep(f, " ", indent);
			col = indent;
			w -= cut;
			start = k;
		}
		add_n(f, s + start, end - start);
		col += w;
		line_empty = false;
	}
	add_n(f, "\n", 1);
}

/* ---- Markdown -------------------------------------------------------------- */

/*
 * s as Markdown text that pandoc shows as written: on one line, with the
 * characters that would make markup escaped, and at the start what would
 * begin a block (a list, a quote, a heading, a rule).
 */
static void md_text(struct form *f, const char *s)
{
	size_t i = 0, n, digits = 0;
	bool space, start = true, pending = false;

	while (s[i]) {
		n = next_char(s, i, &space);
		if (space) {
			pending = !start;
			i += n;
			continue;
		}
		if (pending) {
			add_n(f, " ", 1);
			pending = false;
		}
		if (n == 1 && strchr("\\`*_{}[]<>#|~^$@&", s[i])) {
			add_n(f, "\\", 1);
		} else if (n == 1 && start && strchr("+-=:%", s[i])) {
			add_n(f, "\\", 1);
		} else if (n == 1 && digits == i && s[i] >= '0' && s[i] <= '9') {
			digits++;
		} else if (n == 1 && digits == i && digits > 0 && strchr(".)", s[i])) {
			add_n(f, "\\", 1);
		}
		add_n(f, s + i, n);
		start = false;
		i += n;
	}
}

/* ---- the parts of the form ------------------------------------------------- */

/*
 * One line of blanks to fill in: "Label: ______" for each label, side by
 * side, filling the line from indent on.
 */
static void blanks(struct form *f, size_t indent, const char *const *labels, size_t n)
{
	size_t total = WIDTH - indent, seg = (total - 2 * (n - 1)) / n;

	add_rep(f, " ", f->md ? (indent ? 4 : 0) : indent);
	for (size_t i = 0; i < n; i++) {
		size_t lw = crm_utf8_len(labels[i]) + 2;
		size_t fill = seg > lw + 4 ? seg - lw : 4;

		if (i) {
			add_n(f, f->md ? "    " : "  ", f->md ? 4 : 2);
		}
		if (f->md) {
			md_text(f, labels[i]);
			add_n(f, ": ", 2);
			add_rep(f, "\\_", fill * MD_LINE / WIDTH);
		} else {
			crmi_buf_adds(&f->b, labels[i]);
			add_n(f, ": ", 2);
			add_rep(f, "_", fill);
		}
	}
	add_n(f, f->md ? "\n\n" : "\n", f->md ? 2 : 1);
}

/* Lines to write an answer on. */
static void answer_lines(struct form *f, size_t indent, int lines)
{
	for (int i = 0; i < lines; i++) {
		if (f->md) {
			add_n(f, "    ", 4);
			add_rep(f, "\\_", MD_LINE);
			add_n(f, "\n\n", 2);
		} else {
			add_rep(f, " ", indent);
			add_rep(f, "_", WIDTH - indent);
			add_n(f, "\n", 1);
		}
	}
}

/* Boxes to tick, one per choice, side by side as long as they fit. */
static void boxes(struct form *f, size_t indent, const char *const *items, size_t n)
{
	size_t col = 0;

	if (f->md) {
		add_n(f, "    ", 4);
		for (size_t i = 0; i < n; i++) {
			add_n(f, i ? "    \\[ \\] " : "\\[ \\] ", i ? 10 : 6);
			md_text(f, items[i]);
		}
		add_n(f, "\n\n", 2);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t w = 4 + crm_utf8_len(items[i]);

		if (col && col + 3 + w > WIDTH) {
			add_n(f, "\n", 1);
			col = 0;
		}
		if (col) {
			add_n(f, "   ", 3);
			col += 3;
		} else {
			add_rep(f, " ", indent);
			col = indent;
		}
		if (col + w <= WIDTH) {
			add_n(f, "[ ] ", 4);
			add_plain(f, items[i]);
			col += w;
		} else {
			/* a choice too long for a line wraps on its own lines */
			wrap(f, "[ ] ", indent + 4, items[i]);
			col = 0;
		}
	}
	if (col) {
		add_n(f, "\n", 1);
	}
}

static void heading(struct form *f, const char *title, char rule)
{
	if (f->md) {
		add_n(f, rule == '=' ? "# " : "## ", rule == '=' ? 2 : 3);
		md_text(f, title);
		add_n(f, "\n\n", 2);
		return;
	}
	{
		size_t at = f->b.len, w;

		wrap(f, "", 0, title);
		w = f->b.oom ? 0 : crm_utf8_len(f->b.p + at) - 1;
		/* the rule as long as the title's last line */
		for (size_t i = f->b.len - 1; !f->b.oom && i > at; i--) {
			if (f->b.p[i - 1] == '\n') {
				w = crm_utf8_len(f->b.p + i) - 1;
				break;
			}
		}
		add_rep(f, rule == '=' ? "=" : "-", w > WIDTH ? WIDTH : w);
		add_n(f, "\n", 1);
	}
}

static void help(struct form *f, const char *s, size_t indent)
{
	if (!s) {
		return;
	}
	if (f->md) {
		add_n(f, indent ? "    *" : "*", indent ? 5 : 1);
		md_text(f, s);
		add_n(f, "*\n\n", 3);
		return;
	}
	add_rep(f, " ", indent);
	wrap(f, "", indent, s);
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Question q, numbered k, with room for its answer. */
static void question(struct form *f, const struct tq *q, const cJSON *qj, size_t k,
		     size_t indent)
{
	const struct words *w = f->w;
	char num[32];

	if (f->md) {
		snprintf(num, sizeof(num), "%zu.%s", k, k < 10 ? "  " : " ");
		crmi_buf_adds(&f->b, num);
		md_text(f, q->text);
		if (q->required) {
			add_n(f, " ", 1);
			md_text(f, w->required);
		}
		add_n(f, "\n\n", 2);
	} else {
		struct crmi_buf t = { 0 };

		snprintf(num, sizeof(num), "%*zu. ", (int)indent - 2, k);
		crmi_buf_adds(&t, q->text);
		if (q->required) {
			crmi_buf_adds(&t, " ");
			crmi_buf_adds(&t, w->required);
		}
		if (t.oom) {
			f->b.oom = true;
		} else {
			wrap(f, num, indent, t.p);
		}
		free(t.p);
	}
	help(f, str_of(qj, "help"), indent);
	switch (q->type) {
	case Q_TEXT:
		answer_lines(f, indent, TEXT_LINES);
		break;
	case Q_NUMBER: {
		struct crmi_buf t = { 0 };

		add_rep(f, " ", f->md ? 4 : indent);
		if (f->md) {
			md_text(f, w->answer);
			add_n(f, ": ", 2);
			add_rep(f, "\\_", 20);
			if (q->unit) {
				add_n(f, " ", 1);
				md_text(f, q->unit);
			}
			add_n(f, "\n\n", 2);
			break;
		}
		crmi_buf_adds(&t, w->answer);
		crmi_buf_adds(&t, ": ____________________");
		if (q->unit) {
			crmi_buf_adds(&t, " ");
			crmi_buf_adds(&t, q->unit);
		}
		if (t.oom) {
			f->b.oom = true;
		} else {
			wrap(f, "", indent, t.p);
		}
		free(t.p);
		break;
	}
	case Q_YESNO:
		boxes(f, indent, (const char *const[]){ w->yes, w->no }, 2);
		break;
	case Q_CHOICE: {
		size_t n = (size_t)cJSON_GetArraySize(q->choices), i = 0;
		const char **items = calloc(n ? n : 1, sizeof(*items));
		const cJSON *c;

		if (!items) {
			f->b.oom = true;
			break;
		}
		cJSON_ArrayForEach(c, q->choices) {
			items[i++] = c->valuestring;
		}
		boxes(f, indent, items, n);
		free(items);
		break;
	}
	case Q_CONTACTS:
		for (int e = 0; e < ENTRIES; e++) {
			if (e && !f->md) {
				add_n(f, "\n", 1);
			}
			blanks(f, indent, (const char *const[]){ w->name, w->role }, 2);
			blanks(f, indent, (const char *const[]){ w->phone, w->email }, 2);
		}
		break;
	case Q_REFERRALS:
		for (int e = 0; e < ENTRIES; e++) {
			if (e && !f->md) {
				add_n(f, "\n", 1);
			}
			blanks(f, indent, (const char *const[]){ w->who }, 1);
			blanks(f, indent, (const char *const[]){ w->contact, w->phone }, 2);
			blanks(f, indent, (const char *const[]){ w->email, w->note }, 2);
		}
		break;
	}
	if (!f->md) {
		add_n(f, "\n", 1);
	}
}

/* The language of the form: the questionnaire's, else the built-in one's. */
static const struct words *form_words(struct crm_db *db, const cJSON *root)
{
	const char *lang = str_of(root, "language");

	if (lang && (strcmp(lang, "ru") == 0 || strcmp(lang, "en") == 0)) {
		return strcmp(lang, "en") == 0 ? &words_en : &words_ru;
	}
	return crmi_vip_builtin_en(db) ? &words_en : &words_ru;
}

static void render(struct form *f, const struct tmpl *t)
{
	const cJSON *s, *q;
	const char *title = str_of(t->root, "title");
	char line[80];
	size_t k = 0, indent = 4;

	/* room for the widest number: "12. ", "123. " */
	for (size_t n = t->nq; n >= 100; n /= 10) {
		indent++;
	}
	heading(f, title ? title : f->w->title, '=');
	snprintf(line, sizeof(line), ": %lld", (long long)t->version);
	if (f->md) {
		md_text(f, f->w->version);
		crmi_buf_adds(&f->b, line);
		add_n(f, "\n\n", 2);
	} else {
		crmi_buf_adds(&f->b, f->w->version);
		crmi_buf_adds(&f->b, line);
		add_n(f, "\n\n", 2);
	}
	blanks(f, 0, (const char *const[]){ f->w->client }, 1);
	blanks(f, 0, (const char *const[]){ f->w->date, f->w->interviewer }, 2);
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(t->root, "sections")) {
		add_n(f, "\n", 1);
		heading(f, str_of(s, "title"), '-');
		help(f, str_of(s, "help"), 0);
		if (!f->md && str_of(s, "help")) {
			add_n(f, "\n", 1);
		}
		cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(s, "questions")) {
			/* the checked questions come in the order of the sections */
			question(f, &t->q[k], q, k + 1, indent);
			k++;
		}
	}
	/* one newline at the end, none before it */
	while (!f->b.oom && f->b.len > 1 && f->b.p[f->b.len - 1] == '\n' &&
	       f->b.p[f->b.len - 2] == '\n') {
		f->b.p[--f->b.len] = '\0';
	}
}

crm_status crm_vip_template_form(struct crm_db *db, int64_t version,
				 enum crm_vip_form_format format, char **text,
				 int64_t *version_out, const char **language)
{
	struct form f = { .md = format == CRM_VIP_FORM_MD };
	struct tmpl t;
	crm_status st;

	*text = NULL;
	if (version_out) {
		*version_out = 0;
	}
	if (language) {
		*language = NULL;
	}
	crmi_clear_error(db);
	if (format != CRM_VIP_FORM_TEXT && format != CRM_VIP_FORM_MD) {
		return crmi_fail(db, CRM_EINVAL, "unknown form format %d", (int)format);
	}
	st = crmi_vip_tmpl_load(db, version, &t);
	if (st != CRM_OK) {
		return st;
	}
	f.w = form_words(db, t.root);
	render(&f, &t);
	if (f.b.oom || !f.b.p) {
		free(f.b.p);
		crmi_vip_tmpl_release(&t);
		return oom(db);
	}
	*text = f.b.p;
	if (version_out) {
		*version_out = t.version;
	}
	if (language) {
		*language = f.w == &words_en ? "en" : "ru";
	}
	crmi_vip_tmpl_release(&t);
	return CRM_OK;
}
