/*
 * textin.c: a long text from the command line, standard input, a file or
 * an editor, and the input files every command opens (textin.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "textin.h"
#include "banned.h"

/* No input file is bigger: a text, a template or answers are small. */
#define TEXTIN_FILE_MAX ((size_t)16 << 20)

bool textin_is_stdin(const char *s)
{
	return s && strcmp(s, TEXTIN_STDIN) == 0;
}

static void cannot_read(const char *what, const char *path, int err)
{
	if (what) {
		error("cannot read '%s' for %s: %s", path, what, strerror(err));
	} else {
		error("cannot read '%s': %s", path, strerror(err));
	}
}

int textin_open(const char *what, const char *path, FILE **out)
{
	struct stat sb;
	FILE *f;

	*out = NULL;
	if (textin_is_stdin(path)) {
		*out = stdin;
		return 0;
	}
	f = fopen(path, "rb");
	if (!f) {
		cannot_read(what, path, errno);
		return EXIT_NOINPUT;
	}
	/* a folder opens, and fails at the first read */
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		cannot_read(what, path, EISDIR);
		fclose(f);
		return EXIT_NOINPUT;
	}
	*out = f;
	return 0;
}

void textin_close(FILE *f)
{
	if (f && f != stdin) {
		fclose(f);
	}
}

/*
 * Reads f to its end, or to max bytes: *over tells that more followed.
 * *out is malloc'd and NUL-terminated, *len its bytes. Returns 0, 66 on a
 * read error, 1 when out of memory (the error printed).
 */
static int slurp(FILE *f, const char *what, const char *path, size_t max, char **out,
		 size_t *len, bool *over)
{
	size_t cap = 4096, n;
	char *buf = malloc(cap), *grown;

	*out = NULL;
	*len = 0;
	*over = false;
	while (buf) {
		if (*len == cap - 1) {
			if (*len > max) {
				break;
			}
			grown = realloc(buf, cap * 2);
			if (!grown) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
			cap *= 2;
		}
		n = fread(buf + *len, 1, cap - 1 - *len, f);
		*len += n;
		if (n == 0 || *len > max) {
			break;
		}
	}
	if (!buf) {
		error("out of memory");
		return EXIT_FAIL;
	}
	if (ferror(f)) {
		cannot_read(what, path, errno);
		free(buf);
		return EXIT_NOINPUT;
	}
	if (*len > max) {
		*over = true;
		*len = max;
	}
	buf[*len] = '\0';
	*out = buf;
	return 0;
}

/* How standard input or a file is named in messages: standard input, or
 * the path in quotes (into buf). */
static const char *source_name(const char *path, char *buf, size_t n)
{
	if (textin_is_stdin(path)) {
		/* TRANSLATORS: where a text was read from, after "from": "<text>
		   from standard input is empty" (Russian: genitive, «из стандартного ввода») */
		return _("standard input");
	}
	/* TRANSLATORS: a file a text was read from, in quotes */
	snprintf(buf, n, _("'%s'"), path);
	return buf;
}

int textin_read_file(const char *what, const char *path, char **out)
{
	char src[4200];
	FILE *f;
	size_t len;
	bool over;
	int code;

	*out = NULL;
	code = textin_open(what, path, &f);
	if (code) {
		return code;
	}
	code = slurp(f, what, path, TEXTIN_FILE_MAX, out, &len, &over);
	textin_close(f);
	if (code) {
		return code;
	}
	if (over) {
		error("%s for %s is too big: more than %zu MiB", source_name(path, src, sizeof(src)),
		      what, TEXTIN_FILE_MAX >> 20);
	} else if (strlen(*out) != len) {
		error("%s for %s holds a NUL byte: expected text", source_name(path, src, sizeof(src)),
		      what);
	} else {
		return 0;
	}
	free(*out);
	*out = NULL;
	return EXIT_DATAERR;
}

int textin_check(const char *const *usage, const struct textin *t, size_t n)
{
	const char *first = NULL;

	for (size_t i = 0; i < n; i++) {
		if (t[i].arg && t[i].file) {
			return usage_error(usage, "give %s once: as %s or with --file, not both",
					   t[i].what, t[i].what);
		}
		for (int k = 0; k < 2; k++) {
			const char *s = k ? t[i].file : t[i].arg;

			if (!textin_is_stdin(s)) {
				continue;
			}
			if (first) {
				return usage_error(usage, "%s and %s both read standard input ('-'): "
						   "give one of them from a file or the command line",
						   first, k ? "--file" : t[i].what);
			}
			first = k ? "--file" : t[i].what;
		}
	}
	return 0;
}

/*
 * The checks of a text that was read from src (a path, or standard
 * input): valid UTF-8, not over (cut at the byte limit), at most
 * CRM_TEXT_MAX characters, not blank, one line with TEXTIN_LINE. Returns
 * 0, or prints the error and returns 65.
 */
static int check_read(const char *what, const char *src, const char *s, size_t len, bool over,
		      unsigned flags)
{
	size_t chars = 0;
	char msg[400];

	if (strlen(s) != len || !crm_utf8_valid(s, len)) {
		error("%s from %s is not valid UTF-8 text", what, src);
		hint("convert it first, e.g. 'iconv -f CP1251 -t UTF-8'");
	} else if (over || (chars = crm_utf8_len(s)) > CRM_TEXT_MAX) {
		if (over) {
			error("%s from %s is too long: more than %d characters", what, src,
			      CRM_TEXT_MAX);
		} else {
			error("%s from %s is too long: %zu characters, at most %d", what, src, chars,
			      CRM_TEXT_MAX);
		}
		hint("shorten it to %d characters", CRM_TEXT_MAX);
	} else if (strspn(s, " \t\r\n") == len) {
		error("%s from %s is empty: nothing was written", what, src);
		hint("write the text there, or give it on the command line");
	} else if ((flags & TEXTIN_LINE) &&
		   !crm_text_line_check(what, s, CRM_TEXT_MAX, msg, sizeof(msg))) {
		error("%s: %s", src, msg);
	} else {
		return 0;
	}
	return EXIT_DATAERR;
}

int textin_check_text(const char *what, const char *src, const char *s, unsigned flags)
{
	return check_read(what, src, s, strlen(s), false, flags);
}

int textin_get(const struct textin *t, char **out)
{
	const char *path = t->file ? t->file : t->arg;
	char src[4200];
	size_t len;
	bool over;
	FILE *f;
	int code;

	*out = NULL;
	if (!t->file && !textin_is_stdin(t->arg)) {
		*out = strdup(t->arg ? t->arg : "");
		return *out ? 0 : (error("out of memory"), EXIT_FAIL);
	}
	code = textin_open(t->file ? "--file" : t->what, path, &f);
	if (code) {
		return code;
	}
	/* a character is at most 4 bytes, and one newline may end the text */
	code = slurp(f, t->file ? "--file" : t->what, path, (size_t)CRM_TEXT_MAX * 4 + 2, out, &len, &over);
	textin_close(f);
	if (code) {
		return code;
	}
	if (len > 0 && (*out)[len - 1] == '\n') {
		(*out)[--len] = '\0';
		if (len > 0 && (*out)[len - 1] == '\r') {
			(*out)[--len] = '\0';
		}
	}
	code = check_read(t->what, source_name(path, src, sizeof(src)), *out, len, over, t->flags);
	if (code) {
		free(*out);
		*out = NULL;
	}
	return code;
}

int textin_arg(const char *const *usage, const struct textin *t, char **out)
{
	int code;

	*out = NULL;
	code = textin_check(usage, t, 1);
	if (code) {
		return code;
	}
	if (!t->arg && !t->file) {
		return usage_error(usage, "missing %s: give it, '-' to read standard input, or "
				   "--file <file>", t->what);
	}
	return textin_get(t, out);
}

int textin_arg_tx(struct crm_ctx *ctx, const char *const *usage, const struct textin *t,
		  char **out)
{
	int code = textin_arg(usage, t, out);

	/* the text is read: the write transaction begins (CMD_TX_LATE) */
	if (!code && (code = ctx_tx_begin(ctx)) != 0) {
		free(*out);
		*out = NULL;
	}
	return code;
}

int textin_run_editor(const char *path, const char *nothing)
{
	const char *ed = getenv("VISUAL");
	char cmd[1024];
	int status;
	pid_t pid;

	if (!ed || !*ed) {
		ed = getenv("EDITOR");
	}
	if (!ed || !*ed) {
		ed = "vi";
	}
	snprintf(cmd, sizeof(cmd), "%s \"$1\"", ed);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		error("cannot start the editor '%s': %s", ed, strerror(errno));
		return EXIT_FAIL;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			error("cannot wait for the editor '%s': %s", ed, strerror(errno));
			return EXIT_FAIL;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		error("the editor '%s' failed: %s", ed, nothing);
		return EXIT_FAIL;
	}
	return 0;
}

void textin_strip_comments(char *s)
{
	char *w = s, *r = s;

	while (*r) {
		char *nl = strchr(r, '\n');
		size_t n = nl ? (size_t)(nl - r + 1) : strlen(r);

		if (*r != '#') {
			memmove(w, r, n);
			w += n;
		}
		r += n;
	}
	*w = '\0';
	while (w > s && (w[-1] == '\n' || w[-1] == ' ' || w[-1] == '\t' || w[-1] == '\r')) {
		*--w = '\0';
	}
	r = s;
	while (*r == '\n' || *r == '\r') {
		r++;
	}
	memmove(s, r, strlen(r) + 1);
}
