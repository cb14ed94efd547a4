/*
 * pager.c: long output on a terminal goes through a pager, as git's
 * setup_pager does. The pager is $CRM_PAGER, else core.pager, else
 * $PAGER, else "less -FRX" (LESS=FRX and LV=-c unless set); an empty
 * value or "cat" means none. It starts lazily: stdout becomes a stream
 * whose first write runs the pager through sh -c, with stdout (and
 * stderr, when it is the terminal) on its pipe; an error before any
 * output reaches the terminal as is. At exit crm waits for the pager, so
 * that the prompt comes back after it. When the user quits the pager
 * early, the rest of the output is dropped quietly (EPIPE) and crm ends
 * as the command would have.
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "pager.h"
#include "report.h"
#include "banned.h"

static char *pager_cmd;         /* the command to run; NULL once started or never */
static pid_t pager_pid = -1;
static bool pager_stderr;       /* stderr was moved onto the pager's pipe */
static bool pager_failed;       /* it could not start: write to the terminal */
static FILE *tty_stdout;        /* the stdout crm had before */

char *pager_command(struct crm_ctx *ctx)
{
	const char *env = getenv("CRM_PAGER");
	char *v = NULL;

	if (env) {
		v = strdup(env);
	} else if ((v = ctx_setting(ctx, "core.pager")) == NULL) {
		env = getenv("PAGER");
		v = strdup(env ? env : "less -FRX");
	}
	if (v && (!*v || strcmp(v, "cat") == 0)) {
		free(v);
		v = NULL;
	}
	return v;
}

/* Closes crm's end of the pipe and waits for the pager (async-signal-safe). */
static void wait_pager(void)
{
	if (pager_pid < 0) {
		return;
	}
	close(1);
	if (pager_stderr) {
		close(2);
	}
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR) {
	}
	pager_pid = -1;
}

static void wait_pager_atexit(void)
{
	fflush(stdout);
	wait_pager();
}

/* Ctrl-C while crm still writes: the pager keeps the terminal until it ends. */
static void wait_pager_signal(int sig)
{
	wait_pager();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void start_pager(void)
{
	static const int sigs[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT };
	int fds[2];
	pid_t pid;

	if (pipe(fds) < 0) {
		pager_failed = true;
		return;
	}
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		pager_failed = true;
		return;
	}
	if (pid == 0) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		signal(SIGPIPE, SIG_DFL);
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", pager_cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	dup2(fds[1], 1);
	if (isatty(2)) {
		dup2(fds[1], 2);
		pager_stderr = true;
	}
	close(fds[1]);
	pager_pid = pid;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		signal(sigs[i], wait_pager_signal);
	}
	atexit(wait_pager_atexit);
}

static ssize_t lazy_write(void *cookie, const char *buf, size_t n)
{
	size_t done = 0;

	(void)cookie;
	if (pager_cmd) {
		start_pager();
		free(pager_cmd);
		pager_cmd = NULL;
	}
	if (pager_failed) {
		size_t w = fwrite(buf, 1, n, tty_stdout);

		return w == n && fflush(tty_stdout) == 0 ? (ssize_t)n : -1;
	}
	while (done < n) {
		ssize_t w = write(1, buf + done, n - done);

		if (w < 0) {
			if (errno == EINTR) {
				continue;
			}
			return -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

void pager_setup(struct crm_ctx *ctx)
{
	cookie_io_functions_t io = { .write = lazy_write };
	FILE *f;

	if (!ctx->stdout_tty || ctx->no_pager || pager_cmd || tty_stdout) {
		return;
	}
	pager_cmd = pager_command(ctx);
	if (!pager_cmd) {
		return;
	}
	fflush(stdout);
	f = fopencookie(NULL, "w", io);
	if (!f) {
		free(pager_cmd);
		pager_cmd = NULL;
		return;
	}
	tty_stdout = stdout;
	stdout = f;
}
