/*
 * letters.h: the pieces of a letter to a client as a Russian company
 * writes it (DOMAIN.md, "Letters to the client"): the greeting by given
 * name and patronymic, dates and sums in words, our company and the
 * client named without a case crm cannot decline. Russian or English
 * (letters.language). Leaves: no db.
 */
#ifndef CRM_LETTERS_H
#define CRM_LETTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whom a letter greets: a contact as stored (NULL or "": unknown). */
struct crmi_person {
	const char *name;        /* the one-line name */
	const char *first_name;
	const char *patronymic;
	const char *gender;      /* "f", "m" */
	const char *address_as;  /* the form of address, which wins */
};

/* A one-line name split into its parts: pointers into buf. */
struct crmi_name_parts {
	const char *first, *patronymic, *last;  /* last: NULL when not given */
	const char *gender;                     /* "f" or "m", from the patronymic */
	char buf[256];
};

/*
 * Splits name where it is unambiguous: "Фамилия Имя Отчество", "Имя
 * Отчество Фамилия" or "Имя Отчество", the patronymic known by its suffix
 * (-ович, -евич, -ич; -овна, -евна, -ична, -инична), which gives the
 * gender too. False (and *out cleared) for anything else: one word, two
 * words without a patronymic, a surname that reads as a patronymic too
 * (Бабич), more than three words.
 */
bool crmi_letters_split(const char *name, struct crmi_name_parts *out);

/*
 * The greeting line of a letter, malloc'd (NULL when out of memory).
 * Russian: «Уважаемый Андрей Викторович!», «Уважаемая Анна Сергеевна!»
 * with a known gender, «Добрый день, Андрей Викторович!» without one,
 * «Добрый день!» with no usable name; never surname first. English:
 * "Dear <name>," or "Dear Sir or Madam,".
 */
char *crmi_letters_greeting(bool ru, const struct crmi_person *p);

/* A day in words into buf: «25 ноября 2026 г.», "25 November 2026";
 * NULL for t 0. */
const char *crmi_letters_date(bool ru, int64_t t, char *buf, size_t n);

/* A sum into buf: «1 200 000,00 ₽», "1,200,000.00 RUB". */
const char *crmi_letters_money(bool ru, int64_t cents, char *buf, size_t n);

/* A company's name as a sentence names it after a noun («компанией
 * «Городская Дума»»): in «» unless it has quotes of its own. malloc'd. */
char *crmi_letters_quoted(bool ru, const char *name);

/* The past of «передать» for a person of gender g: «передал», «передала»,
 * or the neutral present «передаёт» when g is unknown; "has passed on". */
const char *crmi_letters_passed(bool ru, const char *g);

#endif
