/*
 * words.c: the Russian synonyms of crm's enumerated values, one table for
 * every option. A word shared by two lists (email and letter both take
 * «письмо») resolves to the first of the list that has it, so each list
 * orders its words for that.
 */
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"
#include "words.h"
#include "banned.h"

/* English word, then its Russian synonyms separated by '|', folded. */
static const char *const synonyms[][2] = {
	/* client kinds, tiers, statuses, stages */
	{ "company", "компания|организация|юрлицо|фирма" },
	{ "person", "человек|физлицо|частное-лицо" },
	{ "vip", "вип" },
	{ "key", "ключевой" },
	{ "regular", "обычный|постоянный" },
	{ "prospect", "потенциальный|кандидат" },
	{ "active", "активный|работает" },
	{ "lost", "потерян|потерянный|ушел" },
	{ "farewell", "прощание|расставание" },
	{ "courtship", "ухаживание" },
	{ "sale", "продажа" },
	{ "honeymoon", "медовый-месяц" },
	{ "storm", "шторм" },
	{ "normalization", "нормализация" },
	{ "support", "сопровождение|поддержка" },
	/* managers */
	{ "manager", "менеджер" },
	{ "head", "руководитель|начальник" },
	{ "vacation", "отпуск" },
	{ "left", "уволен|уволился|уволилась" },
	{ "f", "ж|жен|женский|женщина" },
	{ "m", "м|муж|мужской|мужчина" },
	/* interactions, promises, incidents, next actions */
	{ "call", "звонок" },
	{ "meeting", "встреча" },
	{ "email", "письмо|почта|эл-почта|емейл|имейл|электронное-письмо" },
	{ "letter", "письмо|бумажное-письмо" },
	{ "phone", "телефон|по-телефону" },
	{ "messenger", "мессенджер" },
	{ "task", "задача|дело" },
	{ "order", "заказ" },
	{ "complaint", "жалоба" },
	{ "feedback", "отзыв" },
	{ "conflict", "конфликт" },
	{ "note", "заметка" },
	{ "promise", "обещание" },
	{ "guarantee", "гарантия" },
	{ "discount", "скидка" },
	{ "doubt", "сомнение" },
	{ "risk", "риск" },
	{ "misunderstanding", "недоразумение|непонимание" },
	{ "mishap", "накладка|неприятность" },
	{ "quality", "качество" },
	{ "client", "клиент" },
	/* handovers */
	{ "cannot-cope", "не-справляется|не-справился|не-справилась" },
	{ "client-request", "просьба-клиента" },
	{ "refresh", "обновление|освежить" },
	{ "overload", "перегрузка" },
	{ "monopoly", "монополия" },
	{ "leaving", "увольнение|уход|увольняется" },
	{ "vip-program", "вип-программа|программа-вип" },
	{ "pending", "ожидает|ждет" },
	{ "accepted", "принята|принят" },
	{ "declined", "отклонена|отклонен|отказ" },
	{ "cancelled", "отменена|отменен" },
	/* the audit and the timeline */
	{ "info", "инфо|информация" },
	{ "warn", "внимание|предупреждение" },
	{ "error", "ошибка" },
	{ "interaction", "взаимодействие|контакт" },
	{ "incident", "инцидент" },
	{ "next", "действие|следующее-действие" },
	{ "move", "перенос" },
	{ "status", "статус" },
	{ "owner", "владелец|смена-менеджера" },
	{ "handover", "передача" },
	{ "milestone", "веха" },
	{ "survey", "анкета|опрос" },
	/* sort orders */
	{ "name", "имя|название|по-имени|по-названию" },
	{ "last-contact", "последний-контакт|по-последнему-контакту" },
	{ "value", "ценность|оборот|по-ценности|по-обороту" },
	{ "created", "создан|дата-создания|по-дате-создания" },
	{ "score", "оценка|балл|по-оценке" },
	{ "health", "здоровье|по-здоровью" },
	/* colours, languages */
	{ "auto", "авто|автоматически" },
	{ "always", "всегда" },
	{ "never", "никогда" },
	{ "ru", "русский|рус" },
	{ "en", "английский|англ" },
	/* VIP questionnaire question types */
	{ "text", "текст" },
	{ "number", "число" },
	{ "yesno", "да-нет" },
	{ "choice", "выбор" },
	{ "contacts", "контакты" },
	{ "referrals", "рекомендации" },
};

/* For the unit test: the table. */
const char *const (*word_table(size_t *n))[2]
{
	*n = sizeof(synonyms) / sizeof(synonyms[0]);
	return synonyms;
}

/* value folded, with ё as е and '_' or ' ' as '-'; NULL on ENOMEM or bad UTF-8 */
static char *fold(const char *value)
{
	char *f = crm_text_fold(value);

	for (char *p = f; p && *p; p++) {
		if (*p == '_' || *p == ' ') {
			*p = '-';
		}
	}
	return f;
}

static const char *synonyms_of(const char *word)
{
	for (size_t i = 0; i < sizeof(synonyms) / sizeof(synonyms[0]); i++) {
		if (strcmp(synonyms[i][0], word) == 0) {
			return synonyms[i][1];
		}
	}
	return NULL;
}

static bool in_list(const char *list, const char *folded)
{
	size_t n = strlen(folded);

	for (const char *p = list; p && *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && memcmp(p, folded, n) == 0) {
			return true;
		}
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

bool word_names(const char *word, const char *value)
{
	char *f;
	bool yes;

	if (strcmp(word, value) == 0) {
		return true;
	}
	f = fold(value);
	yes = f && (strcmp(word, f) == 0 || in_list(synonyms_of(word), f));
	free(f);
	return yes;
}

const char *word_find(const char *const *words, const char *value)
{
	for (size_t i = 0; words[i]; i++) {
		if (strcmp(words[i], value) == 0) {
			return words[i];
		}
	}
	for (size_t i = 0; words[i]; i++) {
		if (word_names(words[i], value)) {
			return words[i];
		}
	}
	return NULL;
}

const char *word_synonyms(const char *word, char *buf, size_t n)
{
	const char *list = synonyms_of(word);
	size_t len = 0;

	if (n == 0) {
		return buf;
	}
	buf[0] = '\0';
	for (const char *p = list; p && *p && len + 1 < n; p++) {
		const char *add = *p == '|' ? ", " : NULL;
		size_t k = add ? 2 : 1;

		if (len + k >= n) {
			break;
		}
		memcpy(buf + len, add ? add : p, k);
		len += k;
	}
	buf[len] = '\0';
	return buf;
}
