/*
 * userconfig.h: the user's own config file, $XDG_CONFIG_HOME/crm/config
 * (default ~/.config/crm/config), in git-config syntax. It holds what is
 * the user's and not the team's: user.name, core.db, core.pager,
 * core.hooksPath, hooks.timeout and the aliases (alias.*). The base's
 * settings (crm config set) stay the team's rules.
 */
#ifndef CRM_USERCONFIG_H
#define CRM_USERCONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* One "key = value" of the file, in file order. key is canonical: the
 * section and the name lower-cased as git compares them (a subsection
 * keeps its case); for crm's own keys the spelling of the docs
 * (core.hooksPath). */
struct ucfg_entry {
	char *key;
	char *value;
	int line;
	size_t start, end; /* the bytes the entry takes in the file */
	size_t name_at;    /* where its name begins */
};

/*
 * Reads the file once (later calls return the first result): 0, or the
 * exit code after the error was printed: 65 for a bad line ("bad config
 * line 3 in file F"), 66 for a file that exists but cannot be read. A
 * missing file is an empty config.
 */
int ucfg_load(void);

/* Where the file is (malloc'd once, static: do not free). */
const char *ucfg_path(void);

/* The value of key in the file (the last one wins, as in git), NULL when
 * unset; a path value's leading "~/" is the home folder. */
const char *ucfg_get(const char *key);

/* Every entry, in file order; *n their count. */
const struct ucfg_entry *ucfg_entries(size_t *n);

/* Calls fn for each alias of the file once, with its last value, in the
 * order of those last definitions. */
void ucfg_aliases(void (*fn)(const char *name, const char *value, void *data), void *data);

/* The keys a user may set in the file; NULL-terminated. alias.<name> too. */
extern const char *const ucfg_keys[];

/*
 * The canonical spelling of a key the file may hold (user.name,
 * core.hooksPath for core.hookspath, alias.<name> lower-cased) into buf;
 * false when crm does not read that key from the file.
 */
bool ucfg_key_canonical(const char *key, char *buf, size_t n);

/*
 * Sets (value non-NULL) or removes (value NULL) key in the file, keeping
 * every other line, comment and the order: the line of the key is
 * rewritten, a new key goes at the end of its section (a new section at
 * the end of the file). The file and its folder are created (0600 and
 * 0700) when missing; the new text is written to F.lock and renamed over
 * F. Returns 0 or the exit code after the error was printed: 3 when an
 * unset key is not in the file, 75 when another crm holds F.lock.
 */
int ucfg_write(const char *key, const char *value);

/*
 * The alias name's expansion split into words as a shell would (git's
 * split_cmdline: '...', "..." with \" and \\, \x outside quotes), into a
 * malloc'd NULL-terminated array whose words point into one allocation
 * (free(words[-1]) is wrong: free with ucfg_words_free). NULL with the
 * error printed (exit 65) when the quotes do not close.
 */
char **ucfg_alias_words(const char *name, const char *value, int *nwords);
void ucfg_words_free(char **words);

#endif
