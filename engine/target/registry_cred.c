/*
 * registry_cred.c -- docker's credential helpers: `docker-credential-NAME
 * get`, run as the docker CLI runs it (docker-credential-helpers 0.7,
 * client.Get): the server on stdin, {"ServerURL", "Username", "Secret"}
 * JSON on stdout, "credentials not found" on stdout and a non-zero exit
 * when there are none.
 *
 * The only place the engine runs a program (tests/lint/confined.sh allows
 * it here and nowhere else): the helper is named by the operator's own
 * credential file (credHelpers / credsStore), never by anything in a
 * target, and is found in $PATH as docker finds it, run without a shell,
 * its output bounded and its time limited.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "assay/registry.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"

extern char **environ;

/* A helper's answer is a few hundred bytes. */
#define HELPER_OUT_MAX	(64u << 10)
/* A helper that prompts (pass, a locked keychain) is not waited on. */
#define HELPER_TIMEOUT_MS	30000

static bool
is_helper_name(const char *s)
{
	return s[0] != '\0' && strlen(s) <= 64 && strspn(s,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	    "._-") == strlen(s);
}

/* Write all of P[N] to FD (the helper's stdin), ignoring a helper that
 * does not read it. */
static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* Read FD to its end into B, at most HELPER_OUT_MAX bytes and
 * HELPER_TIMEOUT_MS: 0, or -1 (too much, too slow, a read error). */
static int
read_bounded(int fd, struct strbuf *b)
{
	struct timespec t0;
	char buf[4096];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		struct timespec now;
		long ms;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = HELPER_TIMEOUT_MS - ((now.tv_sec - t0.tv_sec) * 1000L +
		    (now.tv_nsec - t0.tv_nsec) / 1000000L);
		if (ms <= 0)
			return -1;
		n = poll(&pf, 1, (int)ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (b->len + (size_t)n > HELPER_OUT_MAX)
			return -1;
		strbuf_add(b, buf, (size_t)n);
	}
}

int
registry_cred_helper(const char *name, const char *server, char **user,
    char **secret, char *err, size_t errlen)
{
	posix_spawn_file_actions_t fa;
	struct strbuf out = STRBUF_INIT;
	char *prog;
	char *argv[3];
	int in[2] = { -1, -1 };
	int op[2] = { -1, -1 };
	pid_t pid;
	int st = 0;
	int rc = -1;
	int rd;

	*user = NULL;
	*secret = NULL;
	if (!is_helper_name(name)) {
		char *q = diag_quote(name, 64);

		snprintf(err, errlen, "credential helper name %s: expected "
		    "letters, digits, \".\", \"_\" or \"-\"", q);
		free(q);
		return -1;
	}
	prog = xasprintf("docker-credential-%s", name);
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(op, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "%s: %s", prog, diag_errno(errno));
		goto out;
	}
	argv[0] = prog;
	argv[1] = (char *)"get";
	argv[2] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, op[1], 1);
	errno = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(op[1]);
	in[0] = op[1] = -1;
	if (errno != 0) {
		snprintf(err, errlen, "credential helper %s: %s", prog,
		    diag_errno(errno));
		goto out;
	}
	{
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);

		write_all(in[1], server, strlen(server));
		signal(SIGPIPE, old);
	}
	close(in[1]);
	in[1] = -1;
	rd = read_bounded(op[0], &out);
	if (rd != 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		continue;
	if (rd != 0) {
		snprintf(err, errlen, "credential helper %s: no answer within "
		    "%d s or more than %u bytes", prog, HELPER_TIMEOUT_MS /
		    1000, HELPER_OUT_MAX);
	} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		/* docker-credential-helpers' ErrCredentialsNotFound */
		if (out.buf != NULL && strstr(out.buf, "credentials not "
		    "found") != NULL)
			rc = 0;
		else
			snprintf(err, errlen, "credential helper %s get: %s %d",
			    prog, WIFEXITED(st) ? "exit" : "signal",
			    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	} else {
		json_t *j = json_loadb(out.buf != NULL ? out.buf : "", out.len,
		    0, NULL);
		const char *u = json_string_value(json_object_get(j,
		    "Username"));
		const char *s = json_string_value(json_object_get(j,
		    "Secret"));

		if (u == NULL || s == NULL || s[0] == '\0') {
			snprintf(err, errlen, "credential helper %s get: the "
			    "answer has no Username and Secret", prog);
		} else if (strcmp(u, "<token>") == 0) {
			snprintf(err, errlen, "credential helper %s get: an "
			    "identity token (OAuth2 refresh token) is not "
			    "supported", prog);
		} else {
			*user = xstrdup(u);
			*secret = xstrdup(s);
			rc = 1;
		}
		json_decref(j);
	}
out:
	if (out.buf != NULL)
		OPENSSL_cleanse(out.buf, out.len);
	strbuf_release(&out);
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (op[i] >= 0)
			close(op[i]);
	}
	free(prog);
	return rc;
}
