/*
 * icscheck: reads an iCalendar file with libical's own parser and checks
 * it against RFC 5545's restrictions (icalrestriction_check), the second
 * validator of crm's --format ics beside python3-icalendar.
 * usage: icscheck [--utc] FILE
 * Prints "VCALENDAR" and then one line per component inside it (its kind,
 * and its UID when it has one; with --utc, an event's start as libical
 * reads it, in UTC: through the file's own VTIMEZONE when its TZID names
 * one); exit 0 when libical found nothing wrong, 1 with each error
 * (libical's X-LIC-ERROR) on stderr otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

static int errors(icalcomponent *comp)
{
	int n = 0;

	for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY);
	     p; p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
		fprintf(stderr, "icscheck: %s: %s\n",
			icalcomponent_kind_to_string(icalcomponent_isa(comp)),
			icalproperty_get_xlicerror(p));
		n++;
	}
	for (icalcomponent *c = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT); c;
	     c = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT)) {
		n += errors(c);
	}
	return n;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0, got;
	char buf[4096];

	if (!f) {
		perror(path);
		return NULL;
	}
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		char *p = realloc(text, len + got + 1);

		if (!p) {
			free(text);
			fclose(f);
			return NULL;
		}
		text = p;
		memcpy(text + len, buf, got);
		len += got;
		text[len] = '\0';
	}
	fclose(f);
	return text ? text : calloc(1, 1);
}

int main(int argc, char **argv)
{
	icalcomponent *cal;
	char *text;
	int n;
	int utc = argc == 3 && strcmp(argv[1], "--utc") == 0;

	if (argc != 2 + utc) {
		fputs("usage: icscheck [--utc] FILE\n", stderr);
		return 2;
	}
	text = slurp(argv[1 + utc]);
	if (!text) {
		return 2;
	}
	cal = icalparser_parse_string(text);
	free(text);
	if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		fputs("icscheck: no VCALENDAR\n", stderr);
		icalcomponent_free(cal);
		return 1;
	}
	n = errors(cal);
	if (!icalrestriction_check(cal)) {
		n += errors(cal);
		n += !n; /* refused, whatever it said */
	}
	puts("VCALENDAR");
	for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_ANY_COMPONENT); c;
	     c = icalcomponent_get_next_component(cal, ICAL_ANY_COMPONENT)) {
		const char *uid = icalcomponent_get_uid(c);

		printf("%s%s%s", icalcomponent_kind_to_string(icalcomponent_isa(c)),
		       uid ? " " : "", uid ? uid : "");
		if (utc && icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT) {
			/* the zone comes from the calendar's VTIMEZONE of that TZID */
			struct icaltimetype t = icalcomponent_get_dtstart(c);
			struct icaltimetype u = icaltime_convert_to_zone(
				t, icaltimezone_get_utc_timezone());

			printf(" %s", icaltime_as_ical_string(u));
		}
		putchar('\n');
	}
	icalcomponent_free(cal);
	return n ? 1 : 0;
}
