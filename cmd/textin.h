/*
 * textin.h: input that a person names on the command line. A long text
 * comes as an argument, from standard input ("-"), from a file (--file)
 * or from an editor; an input file (an import, a template, answers)
 * opens here, so that a missing or unreadable one is exit 66 everywhere.
 */
#ifndef CRM_TEXTIN_H
#define CRM_TEXTIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The word that names standard input in place of a text or a file. */
#define TEXTIN_STDIN "-"

enum textin_flags {
	TEXTIN_LINE = 1u << 0, /* one line of text (a promise, a next action, a move's reason) */
};

/* One text of a command and where it comes from. */
struct textin {
	const char *what;  /* names it in messages: "<text>", "--why" (not translated) */
	const char *arg;   /* the argument: the text itself, "-" (standard input), or NULL */
	const char *file;  /* the command's --file (a path, "-": standard input), or NULL */
	unsigned flags;    /* enum textin_flags */
};

/* True when s is "-": read standard input. */
bool textin_is_stdin(const char *s);

/*
 * Opens an input file that the user named ("-": standard input, not
 * opened) for what (an option, "<file>"). A missing, unreadable or
 * directory path prints the error and returns 66 (EXIT_NOINPUT); 0 with
 * *out open otherwise. Close it with textin_close.
 */
int textin_open(const char *what, const char *path, FILE **out);
/* Closes f unless it is stdin; NULL ok. */
void textin_close(FILE *f);

/*
 * The whole of an input file ("-": standard input) into *out (malloc'd,
 * NUL-terminated). Prints the error and returns its exit code: 66 when it
 * cannot be read, 65 when it holds a NUL byte or passes 16 MiB, 1 when
 * out of memory.
 */
int textin_read_file(const char *what, const char *path, char **out);

/*
 * Checks where the texts of one command come from, before any is read:
 * a text given both as an argument and with --file, or standard input
 * ("-") named twice, is a usage error (prints it with usage, returns 2).
 */
int textin_check(const char *const *usage, const struct textin *t, size_t n);

/*
 * The text t names: its argument, or what standard input or its file
 * holds (t->file wins; textin_check refused both). A text that was read
 * loses one trailing newline and must be valid UTF-8 of at most
 * CRM_TEXT_MAX characters, not empty, one line with TEXTIN_LINE: else
 * the error names the fix and the exit code is 65 (66 for an unreadable
 * file). Returns 0 with *out malloc'd, or the exit code.
 */
int textin_get(const struct textin *t, char **out);

/* textin_check of t alone, a usage error when it has no source, then
 * textin_get: the one text of a command. */
int textin_arg(const char *const *usage, const struct textin *t, char **out);
/* textin_arg, then the write transaction of a CMD_TX_LATE command (the
 * text read first, so that no lock is held while it comes). */
struct crm_ctx;
int textin_arg_tx(struct crm_ctx *ctx, const char *const *usage, const struct textin *t,
		  char **out);

/* The checks textin_get makes of a text it read, for a text read
 * otherwise (an editor's file): src names where it came from. 0 or 65. */
int textin_check_text(const char *what, const char *src, const char *s, unsigned flags);

/*
 * Runs the user's editor on path: $VISUAL, else $EDITOR, else vi, through
 * the shell, on the terminal. Prints the error, ending with nothing (what
 * did not happen, translated: "nothing was written"), and returns 1 when
 * it fails (exits non-zero or dies); 0 otherwise.
 */
int textin_run_editor(const char *path, const char *nothing);

/* Drops the lines of s that begin with '#', then its leading and trailing
 * blank lines, in place. */
void textin_strip_comments(char *s);

#endif
