/*
 * letters.c: the pieces of a letter to a client, written as a Russian
 * company writes them: the greeting, dates and sums in words, names in
 * quotes after a noun. No db: the letters (handover-notice.c) give the
 * values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-private.h"
#include "letters.h"

/* The endings of a patronymic, with the gender each gives. The longer
 * ones come first; -ич covers -ович and -евич, -ична covers -инична. */
static const struct {
	const char *suffix;
	const char *gender;
} patronymic_ends[] = {
	{ "ич", "m" },
	{ "ична", "f" },
	{ "овна", "f" },
	{ "евна", "f" },
};

/* The gender the word's patronymic ending gives, or NULL when the word is
 * no patronymic (the ending alone, or one letter before it, is not). */
static const char *patronymic_gender(const char *w)
{
	size_t n = strlen(w);

	for (size_t i = 0; i < ARRAY_SIZE(patronymic_ends); i++) {
		size_t k = strlen(patronymic_ends[i].suffix);

		/* a Cyrillic letter is two bytes: at least three letters before */
		if (n >= k + 6 && strcmp(w + n - k, patronymic_ends[i].suffix) == 0) {
			return patronymic_ends[i].gender;
		}
	}
	return NULL;
}

bool crmi_letters_split(const char *name, struct crmi_name_parts *out)
{
	char *w[4];
	size_t nw = 0, len = 0;
	const char *g2, *g3;

	memset(out, 0, sizeof(*out));
	if (!name) {
		return false;
	}
	/* the words, each ended by a NUL in buf */
	for (const char *p = name; *p;) {
		size_t k;

		while (*p == ' ') {
			p++;
		}
		if (!*p) {
			break;
		}
		k = strcspn(p, " ");
		if (nw == ARRAY_SIZE(w) || len + k + 1 > sizeof(out->buf)) {
			return false;
		}
		memcpy(out->buf + len, p, k);
		out->buf[len + k] = '\0';
		w[nw++] = out->buf + len;
		len += k + 1;
		p += k;
	}
	if (nw < 2 || nw > 3) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	g2 = patronymic_gender(w[1]);
	g3 = nw == 3 ? patronymic_gender(w[2]) : NULL;
	if (g2 && !g3) {
		/* Имя Отчество [Фамилия] */
		out->first = w[0];
		out->patronymic = w[1];
		out->last = nw == 3 ? w[2] : NULL;
		out->gender = g2;
		return true;
	}
	if (g3 && !g2) {
		/* Фамилия Имя Отчество */
		out->last = w[0];
		out->first = w[1];
		out->patronymic = w[2];
		out->gender = g3;
		return true;
	}
	memset(out, 0, sizeof(*out));
	return false;
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* "a b" or "a", malloc'd. */
static char *join2(const char *a, const char *b)
{
	size_t n = strlen(a) + (b ? strlen(b) + 1 : 0) + 1;
	char *s = malloc(n);

	if (s) {
		snprintf(s, n, "%s%s%s", a, b ? " " : "", b ? b : "");
	}
	return s;
}

char *crmi_letters_greeting(bool ru, const struct crmi_person *p)
{
	static const struct crmi_person none = { 0 };
	struct crmi_name_parts parts;
	const char *gender, *pre, *post;
	char *addr = NULL, *out;
	size_t n;

	p = p ? p : &none;
	gender = nonempty(p->gender);
	if (nonempty(p->address_as)) {
		addr = strdup(p->address_as);
	} else if (nonempty(p->first_name)) {
		addr = join2(p->first_name, nonempty(p->patronymic));
	} else if (crmi_letters_split(p->name, &parts)) {
		addr = join2(parts.first, parts.patronymic);
		gender = gender ? gender : parts.gender;
	} else if (!ru && nonempty(p->name)) {
		/* English names a person as the person is named */
		addr = strdup(p->name);
	} else {
		return strdup(ru ? "Добрый день!" : "Dear Sir or Madam,");
	}
	if (!addr) {
		return NULL;
	}
	post = ru ? "!" : ",";
	if (!ru) {
		pre = "Dear ";
	} else if (gender && strcmp(gender, "m") == 0) {
		pre = "Уважаемый ";
	} else if (gender && strcmp(gender, "f") == 0) {
		pre = "Уважаемая ";
	} else {
		pre = "Добрый день, ";
	}
	n = strlen(pre) + strlen(addr) + strlen(post) + 1;
	out = malloc(n);
	if (out) {
		snprintf(out, n, "%s%s%s", pre, addr, post);
	}
	free(addr);
	return out;
}

static const char *const months_ru[12] = {
	"января", "февраля", "марта", "апреля", "мая", "июня",
	"июля", "августа", "сентября", "октября", "ноября", "декабря",
};

static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

const char *crmi_letters_date(bool ru, int64_t t, char *buf, size_t n)
{
	char iso[16];
	int y, m, d;

	if (!t || !crm_date_format(t, iso, sizeof(iso)) ||
	    sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		return NULL;
	}
	if (ru) {
		snprintf(buf, n, "%d %s %d г.", d, months_ru[m - 1], y);
	} else {
		snprintf(buf, n, "%d %s %d", d, months_en[m - 1], y);
	}
	return buf;
}

const char *crmi_letters_money(bool ru, int64_t cents, char *buf, size_t n)
{
	char num[64];

	/* a plain space groups the thousands: it reads the same in every mail
	 * program, where a no-break space may not survive a copy */
	crm_money_format_grouped(cents, ru ? " " : ",", ru ? "," : ".", num, sizeof(num));
	snprintf(buf, n, ru ? "%s ₽" : "%s RUB", num);
	return buf;
}

char *crmi_letters_quoted(bool ru, const char *name)
{
	size_t n;
	char *s;

	if (!ru || strstr(name, "«") || strchr(name, '"')) {
		return strdup(name);
	}
	n = strlen(name) + sizeof("«»");
	s = malloc(n);
	if (s) {
		snprintf(s, n, "«%s»", name);
	}
	return s;
}

const char *crmi_letters_passed(bool ru, const char *g)
{
	if (!ru) {
		return "has passed on";
	}
	if (g && strcmp(g, "m") == 0) {
		return "передал";
	}
	if (g && strcmp(g, "f") == 0) {
		return "передала";
	}
	return "передаёт";
}
