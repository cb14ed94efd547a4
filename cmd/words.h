/*
 * words.h: the Russian words a user may type for crm's enumerated values
 * (--stage шторм, --kind звонок). The stored value, and every machine
 * format, keep the English word.
 */
#ifndef CRM_WORDS_H
#define CRM_WORDS_H

#include <stdbool.h>

/*
 * true when value names the English word: the word itself, or one of its
 * Russian synonyms, compared case-folded with ё as е and '_' or ' ' as
 * '-' ("Просьба клиента" names client-request).
 */
bool word_names(const char *word, const char *value);

/*
 * The word of words (NULL-terminated) that value names: value itself when
 * it is one of them, else the first whose synonym it is; NULL when none.
 */
const char *word_find(const char *const *words, const char *value);

/* Every English word and its synonyms ("а|б", folded), for the unit test. */
const char *const (*word_table(size_t *n))[2];

/* The synonyms of word as "а, б" into buf ("" when it has none). */
const char *word_synonyms(const char *word, char *buf, size_t n);

#endif
