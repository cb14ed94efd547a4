/*
 * pg-backup.c: backup and restore of a base on a PostgreSQL server, with
 * PostgreSQL's own tools: pg_dump writes a custom-format archive, and
 * pg_restore puts one back in a single transaction. crm checks before and
 * after: the base is crm's, the archive holds crm's schema and its
 * version, the archive pg_dump wrote can be read back.
 *
 * The tools get the connection's parameters (host, port, user, database,
 * password file) in their environment, never on their command line, where
 * any user of the machine could read them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "backup-private.h"
#include "crm-private.h"

/* The first bytes of a custom-format archive of pg_dump. */
#define DUMP_MAGIC "PGDMP"

bool crmi_pg_dump_file(const char *path)
{
	char head[sizeof(DUMP_MAGIC) - 1];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool yes;

	if (fd < 0) {
		return false;
	}
	yes = read(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
	      memcmp(head, DUMP_MAGIC, sizeof(head)) == 0;
	close(fd);
	return yes;
}

/* The libpq parameters a tool reads from its environment. */
static const struct {
	const char *keyword, *env;
} conn_env[] = {
	{ "host", "PGHOST" },         { "hostaddr", "PGHOSTADDR" }, { "port", "PGPORT" },
	{ "dbname", "PGDATABASE" },   { "user", "PGUSER" },         { "password", "PGPASSWORD" },
	{ "passfile", "PGPASSFILE" }, { "sslmode", "PGSSLMODE" },   { "sslrootcert", "PGSSLROOTCERT" },
	{ "sslcert", "PGSSLCERT" },   { "sslkey", "PGSSLKEY" },     { "connect_timeout", "PGCONNECT_TIMEOUT" },
};

/*
 * Runs a PostgreSQL tool with the base's connection in its environment.
 * Its standard output goes to out (n bytes, may be NULL: discarded), its
 * error output to msg. Returns its exit status, or -1 when it could not
 * run (msg says why).
 */
static int run_tool(struct crm_db *db, const char *const argv[], char *out, size_t n, char *msg,
		    size_t msgn)
{
	PQconninfoOption *opts = PQconninfo(crmi_pg_conn(db));
	int po[2], pe[2];
	pid_t pid;
	int status;
	size_t got = 0, egot = 0;

	msg[0] = '\0';
	if (out && n) {
		out[0] = '\0';
	}
	if (!opts || pipe(po) != 0) {
		PQconninfoFree(opts);
		snprintf(msg, msgn, "%s", strerror(errno));
		return -1;
	}
	if (pipe(pe) != 0) {
		snprintf(msg, msgn, "%s", strerror(errno));
		close(po[0]);
		close(po[1]);
		PQconninfoFree(opts);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(conn_env); i++) {
			unsetenv(conn_env[i].env);
		}
		unsetenv("PGSERVICE");
		for (PQconninfoOption *o = opts; o->keyword; o++) {
			for (size_t i = 0; i < ARRAY_SIZE(conn_env); i++) {
				if (o->val && *o->val && strcmp(o->keyword, conn_env[i].keyword) == 0) {
					setenv(conn_env[i].env, o->val, 1);
				}
			}
		}
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "%s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	PQconninfoFree(opts);
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		snprintf(msg, msgn, "%s", strerror(errno));
		close(po[0]);
		close(pe[0]);
		return -1;
	}
	/* the tools write little: the list of an archive, a few messages */
	for (;;) {
		char buf[4096];
		ssize_t k = read(po[0], buf, sizeof(buf));

		if (k <= 0) {
			break;
		}
		if (out && got + 1 < n) {
			size_t take = (size_t)k < n - 1 - got ? (size_t)k : n - 1 - got;

			memcpy(out + got, buf, take);
			got += take;
			out[got] = '\0';
		}
	}
	for (;;) {
		ssize_t k = read(pe[0], msg + egot, msgn - 1 - egot);

		if (k <= 0 || egot + (size_t)k >= msgn - 1) {
			egot += k > 0 ? (size_t)k : 0;
			break;
		}
		egot += (size_t)k;
	}
	msg[egot] = '\0';
	while (egot > 0 && (msg[egot - 1] == '\n' || msg[egot - 1] == ' ')) {
		msg[--egot] = '\0';
	}
	close(po[0]);
	close(pe[0]);
	if (waitpid(pid, &status, 0) < 0) {
		snprintf(msg, msgn, "%s", strerror(errno));
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/*
 * The schema version a custom archive holds in crm_schema, 0 when it is
 * not crm's, -1 when pg_restore cannot read it (msg says why).
 */
static int archive_version(struct crm_db *db, const char *path, char *msg, size_t msgn)
{
	const char *const list[] = { "pg_restore", "--list", "--", path, NULL };
	const char *const data[] = { "pg_restore", "--data-only", "--table=crm_schema", "--file=-",
				     "--", path, NULL };
	char *out = malloc(1 << 16);
	const char *p;
	int v = 0;

	if (!out) {
		snprintf(msg, msgn, "%s", strerror(ENOMEM));
		return -1;
	}
	if (run_tool(db, list, out, 1 << 16, msg, msgn) != 0) {
		free(out);
		return -1;
	}
	if (!strstr(out, " TABLE ") || !strstr(out, " crm_schema ")) {
		free(out);
		return 0;
	}
	if (run_tool(db, data, out, 1 << 16, msg, msgn) != 0) {
		free(out);
		return -1;
	}
	/* COPY public.crm_schema (version) FROM stdin;\n12\n\\.\n */
	p = strstr(out, "crm_schema (version) FROM stdin;\n");
	if (p) {
		v = atoi(strchr(p, '\n') + 1);
	}
	free(out);
	return v;
}

/* pg_dump of the base into path, through a temporary file beside it. */
static crm_status dump_to(struct crm_db *db, const char *path, bool replace, const char *what,
			  struct crm_error *err)
{
	char msg[2048], *tmp = crmi_path_with(path, ".tmpXXXXXX"), *arg = NULL;
	int fd, rc, v;
	crm_status st;

	if (!tmp) {
		return crmi_set_err(err, CRM_ENOMEM, _("out of memory"));
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		st = crmi_set_err(err, CRM_EDB, _("cannot write %s '%s': %s"), _(what), path,
				  strerror(errno));
		free(tmp);
		return st;
	}
	close(fd);
	arg = crmi_path_with("--file=", tmp);
	if (!arg) {
		unlink(tmp);
		free(tmp);
		return crmi_set_err(err, CRM_ENOMEM, _("out of memory"));
	}
	{
		const char *const argv[] = { "pg_dump", "--format=custom", "--no-owner",
					     "--no-privileges", arg, NULL };

		rc = run_tool(db, argv, NULL, 0, msg, sizeof(msg));
	}
	free(arg);
	if (rc != 0) {
		unlink(tmp);
		free(tmp);
		return crmi_set_err(err, CRM_EDB, _("pg_dump could not write %s '%s': %s"), _(what),
				    path, rc < 0 ? msg : *msg ? msg : "failed");
	}
	/* what pg_dump wrote must read back as crm's base */
	v = archive_version(db, tmp, msg, sizeof(msg));
	if (v != crm_schema_version()) {
		unlink(tmp);
		free(tmp);
		return crmi_set_err(err, CRM_EDB, _("the archive pg_dump wrote cannot be read back: %s"),
				    v < 0 ? msg : "no crm schema in it");
	}
	if (crmi_fsync_path(tmp, false) != 0) {
		st = crmi_set_err(err, CRM_EDB, _("cannot write %s '%s': %s"), _(what), path,
				  strerror(errno));
		unlink(tmp);
		free(tmp);
		return st;
	}
	st = crmi_publish(tmp, path, replace, what, err);
	free(tmp);
	return st;
}

crm_status crmi_pg_backup(struct crm_db *db, const char *path, unsigned flags,
			  struct crm_backup_info *info)
{
	struct crm_error err;
	struct stat sb;

	crmi_clear_err(&err);
	if (!(flags & CRM_BACKUP_FORCE) && lstat(path, &sb) == 0) {
		return crmi_fail(db, CRM_EEXIST, "a file already exists at '%s'", path);
	}
	if (dump_to(db, path, flags & CRM_BACKUP_FORCE, N_("the backup"), &err) != CRM_OK) {
		return crmi_fail(db, err.code, "%s", err.msg);
	}
	if (info) {
		info->pages = 0;
		info->bytes = stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
		info->schema_version = crm_schema_version();
	}
	return CRM_OK;
}

crm_status crm_restore_server(struct crm_db *db, const char *from, const char *kept, bool dry_run,
			      int *version)
{
	struct crm_error err;
	char msg[2048];
	struct stat sb;
	int v;

	crmi_clear_error(db);
	crmi_clear_err(&err);
	*version = 0;
	if (!db->pg) {
		return crmi_fail(db, CRM_EINVAL, "the base is not on a PostgreSQL server");
	}
	/* the words of the SQLite restore (restore.c) for the same cases */
	if (stat(from, &sb) != 0) {
		if (errno == ENOENT) {
			return crmi_fail(db, CRM_ENOINPUT, "no file at '%s'", from);
		}
		return crmi_fail(db, CRM_ENOINPUT, "cannot read '%s': %s", from, strerror(errno));
	}
	if (S_ISDIR(sb.st_mode)) {
		return crmi_fail(db, CRM_ENOINPUT, "cannot read '%s': %s", from, strerror(EISDIR));
	}
	if (access(from, R_OK) != 0) {
		return crmi_fail(db, CRM_ENOINPUT, "cannot read '%s': %s", from, strerror(errno));
	}
	if (!crmi_pg_dump_file(from)) {
		return crmi_fail(db, CRM_EDB,
				 "'%s' is not a backup of a base on a server (an archive of "
				 "crm backup there, pg_dump's custom format)", from);
	}
	v = archive_version(db, from, msg, sizeof(msg));
	if (v < 0) {
		return crmi_fail(db, CRM_EDB, "cannot read the backup '%s': %s", from, msg);
	}
	if (v == 0) {
		return crmi_fail(db, CRM_EDB, "'%s' is not a backup of a crm base", from);
	}
	if (v > crm_schema_version()) {
		return crmi_fail(db, CRM_ESCHEMA,
				 "the backup '%s' has schema version %d, newer than this crm knows "
				 "(%d): upgrade crm", from, v, crm_schema_version());
	}
	if (v != crm_schema_version()) {
		return crmi_fail(db, CRM_ESCHEMA,
				 "the backup '%s' has schema version %d: this crm restores "
				 "version %d on a server", from, v, crm_schema_version());
	}
	*version = v;
	if (lstat(kept, &sb) == 0) {
		return crmi_fail(db, CRM_EEXIST,
				 "a copy from an earlier restore is at '%s': move it away first", kept);
	}
	if (dry_run) {
		return CRM_OK;
	}
	if (dump_to(db, kept, false, N_("the copy of the base"), &err) != CRM_OK) {
		return crmi_fail(db, err.code, "%s", err.msg);
	}
	{
		PQconninfoOption *opts = PQconninfo(crmi_pg_conn(db));
		char *dbname = NULL, *arg;
		int rc;

		for (PQconninfoOption *o = opts; o && o->keyword; o++) {
			if (strcmp(o->keyword, "dbname") == 0 && o->val) {
				dbname = strdup(o->val);
			}
		}
		PQconninfoFree(opts);
		arg = dbname ? crmi_path_with("--dbname=", dbname) : NULL;
		free(dbname);
		if (!arg) {
			return crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
		{
			const char *const argv[] = { "pg_restore", "--clean", "--if-exists",
						     "--single-transaction", "--exit-on-error",
						     "--no-owner", "--no-privileges", arg, "--",
						     from, NULL };

			rc = run_tool(db, argv, NULL, 0, msg, sizeof(msg));
		}
		free(arg);
		if (rc != 0) {
			return crmi_fail(db, CRM_EDB,
					 "pg_restore could not restore '%s' (the base is as it was; "
					 "its copy is at '%s'): %s", from, kept, *msg ? msg : "failed");
		}
	}
	return CRM_OK;
}

crm_status crm_restore_server_record(struct crm_db *db, const char *from, const char *kept,
				     int version)
{
	cJSON *data = cJSON_CreateObject();
	crm_status st;

	crmi_clear_error(db);
	if (!data || !cJSON_AddStringToObject(data, "from", from) ||
	    !cJSON_AddNumberToObject(data, "schema_version", version) ||
	    !(kept ? cJSON_AddStringToObject(data, "kept", kept) : cJSON_AddNullToObject(data, "kept"))) {
		cJSON_Delete(data);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = crm_tx_begin(db);
	if (st != CRM_OK) {
		cJSON_Delete(data);
		return st;
	}
	st = crmi_journal(db, "base.restore", "base", 0, data);
	if (st == CRM_OK) {
		st = crm_tx_commit(db);
	}
	if (st != CRM_OK) {
		crm_tx_rollback(db);
	}
	return st;
}
