/*
 * hooks.c: git-style hooks (hooks.h). The folder is core.hooksPath (a
 * relative path is relative to the current directory, "~/" is the home),
 * else $XDG_CONFIG_HOME/crm/hooks, else ~/.config/crm/hooks. A hook is the
 * executable pre-EVENT or post-EVENT there: run with no arguments, its
 * argv[0] its path, the event as one JSON object on its stdin, its stdout
 * sent to crm's stderr (crm's stdout carries data only), CRM_DB and
 * CRM_EVENT in its environment, the current directory unchanged, in a
 * process group of its own: past hooks.timeout seconds the whole group is
 * stopped (SIGTERM, then SIGKILL).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "hooks.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

const char *const hook_events[] = {
	"client-add",      "client-edit",      "note",           "promise-add",
	"promise-keep",    "promise-break",    "incident-add",   "incident-resolve",
	"next-add",        "next-done",        "next-move",      "handover-create",
	"handover-accept", "handover-decline", "vip-survey",     "erase",
	"audit",           NULL,
};

/* The event of the running command (one command per process). */
static struct {
	const char *event;
	char *record;
	char *before;
} declared;

/* Seconds to wait for a stopped hook between SIGTERM and SIGKILL. */
#define HOOK_GRACE_MS 1000

char *hooks_dir(struct crm_ctx *ctx)
{
	char *v = ctx_setting(ctx, "core.hooksPath");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *dir = NULL;
	size_t n;

	if (!home || !*home) {
		home = "/";
	}
	if (v && *v) {
		if (strncmp(v, "~/", 2) == 0) {
			n = strlen(home) + strlen(v);
			dir = malloc(n);
			if (dir) {
				snprintf(dir, n, "%s/%s", home, v + 2);
			}
			free(v);
			return dir;
		}
		return v;
	}
	free(v);
	n = strlen(xdg ? xdg : "") + strlen(home) + 32;
	dir = malloc(n);
	if (!dir) {
		return NULL;
	}
	if (xdg && xdg[0] == '/') {
		snprintf(dir, n, "%s/crm/hooks", xdg);
	} else {
		snprintf(dir, n, "%s/.config/crm/hooks", home);
	}
	return dir;
}

char *hook_path(struct crm_ctx *ctx, const char *when, const char *event)
{
	char *dir = hooks_dir(ctx), *path;
	size_t n;

	if (!dir) {
		return NULL;
	}
	n = strlen(dir) + strlen(when) + strlen(event) + 3;
	path = malloc(n);
	if (path) {
		snprintf(path, n, "%s/%s-%s", dir, when, event);
	}
	free(dir);
	return path;
}

int hook_state(const char *path)
{
	struct stat sb;

	if (!path || stat(path, &sb) != 0 || S_ISDIR(sb.st_mode)) {
		return 0;
	}
	return access(path, X_OK) == 0 ? 1 : -1;
}

bool hook_wanted(struct crm_ctx *ctx, const char *event)
{
	/* asked several times by one command (the record before and after an
	 * edit): the folder is looked up and its files checked once */
	static char last[64];
	static bool yes;
	char *pre, *post;

	if (*last && strcmp(last, event) == 0) {
		return yes;
	}
	pre = hook_path(ctx, "pre", event);
	post = hook_path(ctx, "post", event);
	yes = hook_state(pre) != 0 || hook_state(post) != 0;
	snprintf(last, sizeof(last), "%s", event);
	free(pre);
	free(post);
	return yes;
}

static int timeout_seconds(struct crm_ctx *ctx)
{
	char *v = ctx_setting(ctx, "hooks.timeout"), *end = NULL;
	long n = v ? strtol(v, &end, 10) : 0;

	if (!v || !end || *end || n < 1) {
		n = 10;
	}
	free(v);
	return (int)n;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The object a hook reads (malloc'd). */
static char *payload(struct crm_ctx *ctx, const char *event)
{
	char when[32];
	cJSON *o = cJSON_CreateObject();
	cJSON *rec = declared.record ? cJSON_Parse(declared.record) : NULL;
	char *text = NULL;

	if (!o) {
		cJSON_Delete(rec);
		return NULL;
	}
	cJSON_AddStringToObject(o, "event", event);
	if (ctx->db && crm_db_actor(ctx->db)) {
		cJSON_AddStringToObject(o, "actor", crm_db_actor(ctx->db));
	} else {
		cJSON_AddNullToObject(o, "actor");
	}
	cJSON_AddStringToObject(o, "time", crm_time_format(ctx->now, when, sizeof(when)));
	cJSON_AddItemToObject(o, "record", rec ? rec : cJSON_CreateNull());
	if (declared.before) {
		cJSON *before = cJSON_Parse(declared.before);

		cJSON_AddItemToObject(o, "before", before ? before : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "after", rec ? cJSON_Duplicate(rec, true) : cJSON_CreateNull());
	}
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

enum hook_end {
	HOOK_EXITED,    /* *status is its exit code */
	HOOK_SIGNALLED, /* *status is the signal */
	HOOK_TIMEOUT,   /* stopped past hooks.timeout */
	HOOK_NOSTART,   /* *status is the errno */
};

/* Writes text to fd (non-blocking) before the deadline; a hook that does
 * not read its stdin is no error. */
static void feed(int fd, const char *text, int64_t deadline)
{
	size_t len = strlen(text), off = 0;

	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };
			int64_t left = deadline - now_ms();

			if (left <= 0 || poll(&p, 1, (int)(left > 1000 ? 1000 : left)) < 0) {
				return;
			}
			continue;
		}
		return; /* EPIPE: the hook closed its stdin */
	}
}

static void stop_group(pid_t pid, int *status)
{
	int64_t until;

	kill(-pid, SIGTERM);
	until = now_ms() + HOOK_GRACE_MS;
	while (waitpid(pid, status, WNOHANG) == 0) {
		if (now_ms() >= until) {
			kill(-pid, SIGKILL);
			waitpid(pid, status, 0);
			break;
		}
		pause_ms(10);
	}
	/* what the hook started and left behind goes with it */
	kill(-pid, SIGKILL);
}

static enum hook_end run_hook(struct crm_ctx *ctx, const char *path, const char *event,
			      const char *text, int *status)
{
	int fds[2], wst = 0;
	int64_t deadline;
	pid_t pid, r;

	if (pipe(fds) != 0) {
		*status = errno;
		return HOOK_NOSTART;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		*status = errno;
		close(fds[0]);
		close(fds[1]);
		return HOOK_NOSTART;
	}
	if (pid == 0) {
		char *argv[] = { (char *)path, NULL };

		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		dup2(fds[0], 0);
		dup2(2, 1);
		close(fds[0]);
		close(fds[1]);
		setenv("CRM_DB", ctx->db_path ? ctx->db_path : "", 1);
		setenv("CRM_EVENT", event, 1);
		execv(path, argv);
		fprintf(stderr, _("crm: cannot run the hook '%s': %s\n"), path, strerror(errno));
		_exit(126);
	}
	setpgid(pid, pid);
	close(fds[0]);
	deadline = now_ms() + 1000LL * timeout_seconds(ctx);
	fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
	feed(fds[1], text ? text : "", deadline);
	close(fds[1]);
	while ((r = waitpid(pid, &wst, WNOHANG)) == 0) {
		if (now_ms() >= deadline) {
			stop_group(pid, &wst);
			return HOOK_TIMEOUT;
		}
		pause_ms(10);
	}
	if (r < 0) {
		*status = errno;
		return HOOK_NOSTART;
	}
	if (WIFSIGNALED(wst)) {
		*status = WTERMSIG(wst);
		return HOOK_SIGNALLED;
	}
	*status = WEXITSTATUS(wst);
	return *status == 126 || *status == 127 ? HOOK_NOSTART : HOOK_EXITED;
}

/* Runs the hook when of the declared event if there is one; returns its
 * end and status, or -1 when there was none to run. */
static int run_declared(struct crm_ctx *ctx, const char *when, int *status)
{
	char *path = hook_path(ctx, when, declared.event), *text;
	int state = hook_state(path), end;

	if (state <= 0) {
		if (state < 0) {
			hint("the '%s' hook was ignored because it is not set as executable", path);
			hint("make it executable (chmod +x) or remove it");
		}
		free(path);
		return -1;
	}
	text = payload(ctx, declared.event);
	end = (int)run_hook(ctx, path, declared.event, text, status);
	free(text);
	free(path);
	return end;
}

void hook_declare(const char *event, const char *record, const char *before)
{
	hooks_reset();
	declared.event = event;
	declared.record = record ? strdup(record) : NULL;
	declared.before = before ? strdup(before) : NULL;
}

int hook_event(struct crm_ctx *ctx, const char *event, const char *record, const char *before)
{
	int status = 0, end;

	hook_declare(event, record, before);
	if (ctx->no_verify) {
		return 0;
	}
	end = run_declared(ctx, "pre", &status);
	if (end < 0 || (end == HOOK_EXITED && status == 0)) {
		return 0;
	}
	switch ((enum hook_end)end) {
	case HOOK_TIMEOUT:
		error("the pre-%s hook ran past hooks.timeout (%d s) and was stopped", event,
		      timeout_seconds(ctx));
		break;
	case HOOK_SIGNALLED:
		error("the pre-%s hook was killed by signal %d", event, status);
		break;
	case HOOK_NOSTART:
		error("the pre-%s hook could not run", event);
		break;
	case HOOK_EXITED:
		break;
	}
	error("the pre-%s hook refused the command", event);
	hint("nothing was written; --no-verify skips the pre- hooks");
	hooks_reset();
	return EXIT_CONFLICT;
}

char *hook_entity_json(struct crm_ctx *ctx, const char *event, const struct entity *en,
		       int64_t id)
{
	char err[256], *buf = NULL;
	size_t len = 0;
	const void *row;
	void *it = NULL;
	struct emitter *e;
	FILE *mem;
	crm_status st;

	if (!hook_wanted(ctx, event)) {
		return NULL;
	}
	mem = open_memstream(&buf, &len);
	if (!mem) {
		return NULL;
	}
	e = emit_create(EMIT_FMT_JSON, mem, en->cols, *en->ncols, NULL, EMIT_SINGLE, err,
			sizeof(err));
	st = e ? en->query(ctx->db, NULL, id, &it) : CRM_ENOMEM;
	if (st == CRM_OK && (st = en->next(it, &row)) == CRM_OK) {
		en->emit(e, row);
	}
	if (e) {
		en->destroy(it);
	}
	if (st != CRM_OK || emit_finish(e) != 0) {
		emit_destroy(e);
		fclose(mem);
		free(buf);
		return NULL;
	}
	emit_destroy(e);
	if (fclose(mem) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int hook_entity(struct crm_ctx *ctx, const char *event, const struct entity *en, int64_t id,
		const char *before)
{
	char *record;
	int code;

	if (!hook_wanted(ctx, event)) {
		return 0;
	}
	record = hook_entity_json(ctx, event, en, id);
	code = hook_event(ctx, event, record, before);
	free(record);
	return code;
}

void hook_set_record(const char *record)
{
	free(declared.record);
	declared.record = record ? strdup(record) : NULL;
}

void hooks_post(struct crm_ctx *ctx)
{
	int status = 0, end;

	if (!declared.event) {
		return;
	}
	end = run_declared(ctx, "post", &status);
	switch (end) {
	case HOOK_EXITED:
		if (status != 0) {
			warning("the post-%s hook failed (exit %d)", declared.event, status);
		}
		break;
	case HOOK_SIGNALLED:
		warning("the post-%s hook was killed by signal %d", declared.event, status);
		break;
	case HOOK_TIMEOUT:
		warning("the post-%s hook ran past hooks.timeout (%d s) and was stopped",
			declared.event, timeout_seconds(ctx));
		break;
	case HOOK_NOSTART:
		warning("the post-%s hook could not run", declared.event);
		break;
	default:
		break;
	}
	hooks_reset();
}

void hooks_reset(void)
{
	free(declared.record);
	free(declared.before);
	declared.record = NULL;
	declared.before = NULL;
	declared.event = NULL;
}
