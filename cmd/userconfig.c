/*
 * userconfig.c: the user's own config file in git-config syntax, read
 * once per command, and rewritten line by line by crm config --global.
 *
 * The syntax is git's (config.c): [section] and [section "sub"] headers,
 * name = value, # and ; comments, "quoted" parts of a value with \" \\ \n
 * \t \b escapes, a backslash at the end of a line continues the value, a
 * bare name means true. Section and key names compare without case, a
 * subsection with it.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "report.h"
#include "userconfig.h"
#include "banned.h"

#define EXIT_NOINPUT_CODE 66 /* EX_NOINPUT: a file that cannot be read */

/* Keep in the order of crm-config(1). */
const char *const ucfg_keys[] = {
	"user.name", "core.db", "core.pager", "core.hooksPath", "hooks.timeout", NULL,
};

/* Keys whose value is a path: a leading ~/ is the home folder. */
static bool path_key(const char *key)
{
	return strcmp(key, "core.db") == 0 || strcmp(key, "core.hooksPath") == 0;
}

struct section {
	char *name;   /* "alias", "remote.Origin" */
	size_t after; /* where a new key of it goes */
};

static struct {
	bool loaded;
	int code;
	char *path;
	char *text;
	size_t len;
	struct ucfg_entry *entries;
	char **expanded; /* per entry: a path value with ~/ expanded, or NULL */
	size_t n, cap;
	struct section *sections;
	size_t nsections;
} uc;

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && *home) {
		return home;
	}
	pw = getpwuid(geteuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

const char *ucfg_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	size_t n = 4096;

	if (uc.path) {
		return uc.path;
	}
	uc.path = malloc(n);
	if (!uc.path) {
		return NULL;
	}
	/* XDG: a relative XDG_CONFIG_HOME is ignored */
	if (xdg && xdg[0] == '/') {
		snprintf(uc.path, n, "%s/crm/config", xdg);
	} else {
		snprintf(uc.path, n, "%s/.config/crm/config", home_dir());
	}
	return uc.path;
}

static void lower(char *s)
{
	for (; *s; s++) {
		*s = (char)tolower((unsigned char)*s);
	}
}

/* A git key name: a letter, then letters, digits and '-'. */
static bool valid_name(const char *s, size_t n)
{
	if (n == 0 || !isalpha((unsigned char)s[0])) {
		return false;
	}
	for (size_t i = 1; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '-') {
			return false;
		}
	}
	return true;
}

/*
 * section.name or section.sub.name: the section and the name lower-cased,
 * the subsection as it is; crm's keys in their documented spelling.
 */
static char *canonical(const char *section, const char *sub, const char *name)
{
	size_t n = strlen(section) + (sub ? strlen(sub) + 1 : 0) + strlen(name) + 2;
	char *key = malloc(n);

	if (!key) {
		return NULL;
	}
	snprintf(key, n, "%s%s%s.%s", section, sub ? "." : "", sub ? sub : "", name);
	if (!sub) {
		lower(key);
		for (size_t i = 0; ucfg_keys[i]; i++) {
			if (strcasecmp(key, ucfg_keys[i]) == 0) {
				snprintf(key, n, "%s", ucfg_keys[i]);
			}
		}
	} else {
		for (char *p = key; *p != '.'; p++) {
			*p = (char)tolower((unsigned char)*p);
		}
		lower(strrchr(key, '.'));
	}
	return key;
}

bool ucfg_key_canonical(const char *key, char *buf, size_t n)
{
	const char *dot = strchr(key, '.');

	if (!dot || strchr(dot + 1, '.')) {
		return false;
	}
	for (size_t i = 0; ucfg_keys[i]; i++) {
		if (strcasecmp(key, ucfg_keys[i]) == 0) {
			snprintf(buf, n, "%s", ucfg_keys[i]);
			return true;
		}
	}
	if ((size_t)(dot - key) == 5 && strncasecmp(key, "alias", 5) == 0 &&
	    valid_name(dot + 1, strlen(dot + 1))) {
		snprintf(buf, n, "alias.%s", dot + 1);
		lower(buf);
		return true;
	}
	return false;
}

/* The reader: git's get_next_char, with "\r\n" as "\n" and the end of the
 * text as a last "\n". */
struct reader {
	const char *s;
	size_t len, pos;
	int line;
	bool eof;
};

static int next_char(struct reader *r)
{
	int c;

	if (r->pos >= r->len) {
		r->eof = true;
		return '\n';
	}
	c = (unsigned char)r->s[r->pos++];
	if (c == '\r' && r->pos < r->len && r->s[r->pos] == '\n') {
		c = '\n';
		r->pos++;
	}
	if (c == '\n') {
		r->line++;
	}
	return c;
}

struct buf {
	char *s;
	size_t len, cap;
};

static bool buf_add(struct buf *b, const char *s, size_t n)
{
	/* nothing to add (s may be NULL: a file that does not exist yet) */
	if (n == 0 && b->s) {
		return true;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->s, cap);

		if (!p) {
			return false;
		}
		b->s = p;
		b->cap = cap;
	}
	if (n) {
		memcpy(b->s + b->len, s, n);
	}
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

static bool buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

/* git's parse_value; NULL on a bad escape or an unclosed quote. */
static char *parse_value(struct reader *r)
{
	struct buf v = { 0 };
	bool quote = false, comment = false;
	size_t space = 0;

	buf_add(&v, "", 0);
	for (;;) {
		int c = next_char(r);

		if (c == '\n') {
			if (quote) {
				free(v.s);
				return NULL;
			}
			return v.s;
		}
		if (comment) {
			continue;
		}
		if (isspace(c) && !quote) {
			if (v.len) {
				space++;
			}
			continue;
		}
		if (!quote && (c == ';' || c == '#')) {
			comment = true;
			continue;
		}
		for (; space; space--) {
			buf_addc(&v, ' ');
		}
		if (c == '\\') {
			c = next_char(r);
			switch (c) {
			case '\n':
				if (r->eof) {
					free(v.s);
					return NULL;
				}
				continue;
			case 't':
				c = '\t';
				break;
			case 'b':
				c = '\b';
				break;
			case 'n':
				c = '\n';
				break;
			case '\\':
			case '"':
				break;
			default:
				free(v.s);
				return NULL;
			}
			buf_addc(&v, (char)c);
			continue;
		}
		if (c == '"') {
			quote = !quote;
			continue;
		}
		buf_addc(&v, (char)c);
	}
}

static bool add_entry(char *key, char *value, int line, size_t start, size_t name_at,
		      size_t end)
{
	struct ucfg_entry *e;

	if (uc.n == uc.cap) {
		size_t cap = uc.cap ? uc.cap * 2 : 16;
		struct ucfg_entry *p = realloc(uc.entries, cap * sizeof(*p));
		char **x;

		if (!p) {
			return false;
		}
		uc.entries = p;
		x = realloc(uc.expanded, cap * sizeof(*x));
		if (!x) {
			return false;
		}
		uc.expanded = x;
		uc.cap = cap;
	}
	e = &uc.entries[uc.n];
	e->key = key;
	e->value = value;
	e->line = line;
	e->start = start;
	e->name_at = name_at;
	e->end = end;
	uc.expanded[uc.n] = NULL;
	if (path_key(key) && strncmp(value, "~/", 2) == 0) {
		size_t n = strlen(home_dir()) + strlen(value);

		uc.expanded[uc.n] = malloc(n);
		if (uc.expanded[uc.n]) {
			snprintf(uc.expanded[uc.n], n, "%s%s", home_dir(), value + 1);
		}
	}
	uc.n++;
	return true;
}

static bool add_section(char *name, size_t after)
{
	struct section *p = realloc(uc.sections, (uc.nsections + 1) * sizeof(*p));

	if (!p) {
		return false;
	}
	uc.sections = p;
	p[uc.nsections].name = name;
	p[uc.nsections].after = after;
	uc.nsections++;
	return true;
}

/* [section] or [section "sub"], after the '['; the name malloc'd. */
static char *parse_header(struct reader *r)
{
	struct buf name = { 0 };
	int c;

	buf_add(&name, "", 0);
	for (;;) {
		c = next_char(r);
		if (c == ']' || c == ' ' || c == '\t') {
			break;
		}
		if (!isalnum(c) && c != '-' && c != '.') {
			goto bad;
		}
		buf_addc(&name, (char)tolower(c));
	}
	if (!name.len) {
		goto bad;
	}
	if (c != ']') {
		while ((c = next_char(r)) == ' ' || c == '\t') {
		}
		if (c != '"') {
			goto bad;
		}
		buf_addc(&name, '.');
		for (;;) {
			c = next_char(r);
			if (c == '\n') {
				goto bad;
			}
			if (c == '"') {
				break;
			}
			if (c == '\\') {
				c = next_char(r);
				if (c == '\n') {
					goto bad;
				}
			}
			buf_addc(&name, (char)c);
		}
		if (next_char(r) != ']') {
			goto bad;
		}
	}
	return name.s;
bad:
	free(name.s);
	return NULL;
}

/* The end of the line holding offset pos (after its '\n'). */
static size_t line_end(size_t pos)
{
	while (pos < uc.len && uc.text[pos] != '\n') {
		pos++;
	}
	return pos < uc.len ? pos + 1 : pos;
}

static int bad_line(int line)
{
	error("bad config line %d in file %s", line, uc.path);
	hint("fix the line with a text editor, or remove it: the file is in git-config syntax "
	     "(see crm-config(1))");
	return EXIT_DATAERR;
}

static int parse_text(void)
{
	struct reader r = { uc.text, uc.len, 0, 1, false };
	char *section = NULL;
	struct section *cur = NULL;

	/* a byte order mark, as some editors write, is skipped (as git does) */
	if (uc.len >= 3 && memcmp(uc.text, "\xef\xbb\xbf", 3) == 0) {
		r.pos = 3;
	}

	for (;;) {
		size_t at = r.pos;
		int c = next_char(&r);

		if (r.eof) {
			return 0;
		}
		if (c == '\n' || isspace(c)) {
			continue;
		}
		if (c == '#' || c == ';') {
			while (!r.eof && next_char(&r) != '\n') {
			}
			continue;
		}
		if (c == '[') {
			int line = r.line;

			section = parse_header(&r);
			if (!section || !add_section(section, line_end(r.pos))) {
				return bad_line(line);
			}
			cur = &uc.sections[uc.nsections - 1];
			continue;
		}
		if (!isalpha(c) || !section) {
			return bad_line(r.line);
		}
		{
			size_t name_at = at, start = at, n;
			int line = r.line;
			char *name, *value, *key, *sub;

			while (start > 0 && (uc.text[start - 1] == ' ' || uc.text[start - 1] == '\t')) {
				start--;
			}
			if (start > 0 && uc.text[start - 1] != '\n') {
				start = name_at; /* after a header on its line */
			}
			while (r.pos < r.len && (isalnum((unsigned char)r.s[r.pos]) ||
						 r.s[r.pos] == '-')) {
				r.pos++;
			}
			n = r.pos - name_at;
			while ((c = next_char(&r)) == ' ' || c == '\t') {
			}
			if (c == '\n') {
				value = strdup("true");
			} else if (c == '=') {
				value = parse_value(&r);
			} else {
				return bad_line(line);
			}
			if (!value) {
				return bad_line(line);
			}
			name = strndup(uc.text + name_at, n);
			/* section "a.b" from [a "b"] or [a.b]: the part after the
			 * first dot is the subsection */
			sub = strchr(section, '.');
			if (sub) {
				*sub = '\0';
			}
			key = name ? canonical(section, sub ? sub + 1 : NULL, name) : NULL;
			if (sub) {
				*sub = '.';
			}
			free(name);
			if (!key || !add_entry(key, value, line, start, name_at, r.pos)) {
				error("out of memory");
				return EXIT_FAIL;
			}
			uc.sections[cur - uc.sections].after = r.pos;
		}
	}
}

int ucfg_load(void)
{
	FILE *f;
	struct buf b = { 0 };
	char chunk[4096];
	size_t got;

	if (uc.loaded) {
		return uc.code;
	}
	uc.loaded = true;
	if (!ucfg_path()) {
		error("out of memory");
		return uc.code = EXIT_FAIL;
	}
	f = fopen(uc.path, "r");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR) {
			return uc.code = 0;
		}
		error("cannot read the config file %s: %s", uc.path, strerror(errno));
		hint("make it readable (chmod 600 '%s'), or point XDG_CONFIG_HOME elsewhere",
		     uc.path);
		return uc.code = EXIT_NOINPUT_CODE;
	}
	buf_add(&b, "", 0);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (!buf_add(&b, chunk, got)) {
			fclose(f);
			error("out of memory");
			return uc.code = EXIT_FAIL;
		}
	}
	if (ferror(f)) {
		error("cannot read the config file %s: %s", uc.path, strerror(errno));
		fclose(f);
		free(b.s);
		return uc.code = EXIT_NOINPUT_CODE;
	}
	fclose(f);
	uc.text = b.s;
	uc.len = b.len;
	if (!crm_utf8_valid(uc.text, uc.len)) {
		error("the config file %s is not valid UTF-8 text", uc.path);
		hint("convert it first (iconv -f cp1251 -t utf-8)");
		return uc.code = EXIT_DATAERR;
	}
	return uc.code = parse_text();
}

const char *ucfg_get(const char *key)
{
	for (size_t i = uc.n; i-- > 0;) {
		if (strcmp(uc.entries[i].key, key) == 0) {
			return uc.expanded[i] ? uc.expanded[i] : uc.entries[i].value;
		}
	}
	return NULL;
}

const struct ucfg_entry *ucfg_entries(size_t *n)
{
	*n = uc.n;
	return uc.entries;
}

void ucfg_aliases(void (*fn)(const char *name, const char *value, void *data), void *data)
{
	for (size_t i = 0; i < uc.n; i++) {
		const char *key = uc.entries[i].key, *name = key + 6;
		bool later = false;

		if (strncmp(key, "alias.", 6) != 0 || strchr(name, '.')) {
			continue;
		}
		for (size_t j = i + 1; j < uc.n && !later; j++) {
			later = strcmp(uc.entries[j].key, key) == 0;
		}
		if (!later) {
			fn(name, uc.entries[i].value, data);
		}
	}
}

/* value as git writes it: quoted when it has outer spaces, # or ;. */
static void add_quoted(struct buf *b, const char *value)
{
	size_t n = strlen(value);
	bool q = n == 0 || isspace((unsigned char)value[0]) ||
		 isspace((unsigned char)value[n - 1]) || strpbrk(value, "#;");

	if (q) {
		buf_addc(b, '"');
	}
	for (const char *p = value; *p; p++) {
		switch (*p) {
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		case '"':
			buf_add(b, "\\\"", 2);
			break;
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		default:
			buf_addc(b, *p);
		}
	}
	if (q) {
		buf_addc(b, '"');
	}
}

/* Creates the folders of path that are missing, 0700. */
static int make_dirs(const char *path)
{
	char *p = strdup(path), *slash;

	if (!p) {
		return -1;
	}
	for (slash = strchr(p + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*slash = '/';
	}
	free(p);
	return 0;
}

static int write_file(const char *text, size_t len)
{
	char *target = realpath(uc.path, NULL);
	const char *path = target ? target : uc.path;
	char lock[4200];
	struct stat sb;
	bool existed = stat(path, &sb) == 0;
	int fd, err;
	ssize_t w;
	size_t done = 0;

	snprintf(lock, sizeof(lock), "%s.lock", path);
	if (make_dirs(path) != 0) {
		error("cannot create the folder of %s: %s", path, strerror(errno));
		free(target);
		return EXIT_FAIL;
	}
	fd = open(lock, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		err = errno;
		if (err == EEXIST) {
			error("cannot lock the config file: %s exists", lock);
			hint("another crm is changing the file; if none is, remove %s", lock);
			free(target);
			return EXIT_TEMPFAIL;
		}
		error("cannot create %s: %s", lock, strerror(err));
		free(target);
		return EXIT_FAIL;
	}
	if (existed) {
		(void)fchmod(fd, sb.st_mode & 07777);
	}
	while (done < len) {
		w = write(fd, text + done, len - done);
		if (w < 0) {
			if (errno == EINTR) {
				continue;
			}
			break;
		}
		done += (size_t)w;
	}
	err = errno;
	if (done < len || fsync(fd) != 0 || close(fd) != 0 || rename(lock, path) != 0) {
		error("cannot write the config file %s: %s", path, strerror(errno ? errno : err));
		unlink(lock);
		free(target);
		return EXIT_FAIL;
	}
	free(target);
	return 0;
}

int ucfg_write(const char *key, const char *value)
{
	const char *dot = strrchr(key, '.');
	size_t sect_len = (size_t)(dot - key);
	struct buf out = { 0 };
	const struct ucfg_entry *last = NULL;
	size_t pos = 0;
	bool found = false;
	char section[64];
	int code;

	code = ucfg_load();
	if (code) {
		return code;
	}
	snprintf(section, sizeof(section), "%.*s", (int)sect_len, key);
	lower(section);
	for (size_t i = 0; i < uc.n; i++) {
		if (strcmp(uc.entries[i].key, key) == 0) {
			last = &uc.entries[i];
		}
	}
	if (!value && !last) {
		error("%s is not set in %s", key, uc.path);
		return EXIT_NOTFOUND;
	}
	buf_add(&out, "", 0);
	/* the text with every line of key dropped (unset) or its last line
	 * rewritten (set), the rest as it was */
	for (size_t i = 0; i < uc.n; i++) {
		const struct ucfg_entry *e = &uc.entries[i];

		if (strcmp(e->key, key) != 0 || (value && e != last)) {
			continue;
		}
		buf_add(&out, uc.text + pos, e->start - pos);
		pos = e->end;
		if (!value && e->start == e->name_at && e->start > 0 &&
		    uc.text[e->start - 1] != '\n') {
			/* a key after its header on one line: the header stays, on its own */
			while (out.len && (out.s[out.len - 1] == ' ' || out.s[out.len - 1] == '\t')) {
				out.s[--out.len] = '\0';
			}
			buf_addc(&out, '\n');
		}
		if (value) {
			buf_add(&out, uc.text + e->start, e->name_at - e->start);
			buf_add(&out, dot + 1, strlen(dot + 1));
			buf_add(&out, " = ", 3);
			add_quoted(&out, value);
			buf_addc(&out, '\n');
			found = true;
		}
	}
	if (value && !found) {
		/* a new key: at the end of the last [section] of its name, or
		 * in a new section at the end */
		size_t at = uc.len;
		bool new_section = true;

		for (size_t i = uc.nsections; i-- > 0;) {
			if (strcmp(uc.sections[i].name, section) == 0) {
				at = uc.sections[i].after;
				new_section = false;
				break;
			}
		}
		buf_add(&out, uc.text + pos, at - pos);
		pos = at;
		if (out.len && out.s[out.len - 1] != '\n') {
			buf_addc(&out, '\n');
		}
		if (new_section) {
			buf_add(&out, "[", 1);
			buf_add(&out, section, strlen(section));
			buf_add(&out, "]\n", 2);
		}
		buf_addc(&out, '\t');
		buf_add(&out, dot + 1, strlen(dot + 1));
		buf_add(&out, " = ", 3);
		add_quoted(&out, value);
		buf_addc(&out, '\n');
	}
	if (!buf_add(&out, uc.text ? uc.text + pos : "", uc.len - pos)) {
		free(out.s);
		error("out of memory");
		return EXIT_FAIL;
	}
	code = write_file(out.s, out.len);
	free(out.s);
	return code;
}

char **ucfg_alias_words(const char *name, const char *value, int *nwords)
{
	size_t n = strlen(value);
	char **words = calloc(n / 2 + 2, sizeof(*words));
	char *dst = malloc(n + 1), *base = dst;
	char quoted = 0;
	bool in_word = false;
	int count = 0;

	if (!words || !dst) {
		free(words);
		free(dst);
		error("out of memory");
		return NULL;
	}
	words[0] = base;
	for (const char *s = value; *s; s++) {
		char c = *s;

		if (!quoted && isspace((unsigned char)c)) {
			if (in_word) {
				*dst++ = '\0';
				in_word = false;
			}
			continue;
		}
		if (!in_word) {
			words[count++] = dst;
			in_word = true;
		}
		if (!quoted && (c == '\'' || c == '"')) {
			quoted = c;
		} else if (c == quoted) {
			quoted = 0;
		} else {
			if (c == '\\' && quoted != '\'' && s[1]) {
				c = *++s;
			}
			*dst++ = c;
		}
	}
	*dst = '\0';
	if (quoted) {
		error("bad alias.%s in %s: a quote does not close", name, ucfg_path());
		hint("close the quote: crm config --global set alias.%s '...'", name);
		free(base);
		free(words);
		return NULL;
	}
	if (count == 0) {
		free(base);
		words[0] = NULL;
	}
	words[count] = NULL;
	*nwords = count;
	return words;
}

void ucfg_words_free(char **words)
{
	if (words) {
		free(words[0]);
		free(words);
	}
}
