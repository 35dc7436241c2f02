/*
 * hostfile.c -- every access of the engine to a host path (hostfile.h).
 *
 * Policies, waivers, tailoring files and baselines are the operator's
 * files, named on the command line or found in the policy folder; report
 * files are written where the operator says. They are the only host paths
 * the engine opens outside the target back ends (engine/target/), and
 * they are opened here, so the confinement lint (tests/lint/confined.sh)
 * can allow host file-system calls in this file and refuse them in every
 * module that reads target data. Nothing here resolves a path inside a
 * target root: that is resolve.c's job.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assay/hostfile.h"
#include "assay/strbuf.h"
#include "assay/xmem.h"

/* hostfile_stream reads in pieces of this size: the SCAP loader skips a
 * pruned subtree only as far as the parser holds it (oval_load.c). On
 * ssg-rhel9-ds.xml's stig profile 12.3 of 22.6 MB are skipped with 1 MiB,
 * 10.6 MB with 64 KiB. */
#define STREAM_CHUNK	(1u << 20)

struct hostfile_dir {
	DIR	*dp;
};

/* Append everything FD still holds to SB (capped): 0, or -1 with errno
 * set when a read fails. Stops early once the cap is passed. */
static int
read_fd(int fd, struct strbuf *sb)
{
	char chunk[65536];

	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0 || strbuf_add(sb, chunk, (size_t)r) != 0)
			return 0;
	}
}

/* Open PATH for reading into *FDP; with REGULAR_ONLY, check that it is
 * a regular file of at most CAP bytes (0: any size). HOSTFILE_OK; or,
 * with *FDP -1, HOSTFILE_ERRNO (errno set) when it cannot be opened; or
 * a failed check's code with *FDP still open (the caller closes it). */
static enum hostfile_rc
open_checked(const char *path, size_t cap, bool regular_only, int *fdp)
{
	struct stat st;
	/* O_NONBLOCK: a FIFO is refused, not waited on (no effect on the
	 * reads of a regular file) */
	int fd = open(path, O_RDONLY | O_CLOEXEC |
	    (regular_only ? O_NONBLOCK : 0));

	*fdp = fd;
	if (fd < 0)
		return HOSTFILE_ERRNO;
	if (!regular_only)
		return HOSTFILE_OK;
	if (fstat(fd, &st) != 0)
		return HOSTFILE_ERRNO;
	if (!S_ISREG(st.st_mode))
		return HOSTFILE_NOT_REGULAR;
	if (cap != 0 && (unsigned long long)st.st_size > cap)
		return HOSTFILE_TOO_BIG;
	return HOSTFILE_OK;
}

enum hostfile_rc
hostfile_read(const char *path, size_t cap, bool regular_only, char **bufp,
    size_t *lenp)
{
	struct strbuf sb;
	int fd;
	enum hostfile_rc rc = open_checked(path, cap, regular_only, &fd);
	int err;

	if (fd < 0)
		return rc;
	strbuf_init(&sb, cap);
	if (rc == HOSTFILE_OK && read_fd(fd, &sb) != 0)
		rc = HOSTFILE_ERRNO;
	else if (rc == HOSTFILE_OK && sb.overflow)
		rc = HOSTFILE_TOO_BIG;
	err = errno;
	close(fd);
	if (rc != HOSTFILE_OK) {
		strbuf_release(&sb);
		errno = err;
		return rc;
	}
	*lenp = sb.len;
	*bufp = strbuf_detach(&sb);
	return HOSTFILE_OK;
}

enum hostfile_rc
hostfile_stream(const char *path, size_t cap, bool regular_only,
    hostfile_chunk_fn each, void *arg, int *stopp)
{
	char *chunk;
	size_t total = 0;
	int fd;
	enum hostfile_rc rc = open_checked(path, cap, regular_only, &fd);
	int err = 0;

	*stopp = 0;
	if (fd < 0)
		return rc;
	chunk = xmalloc(STREAM_CHUNK);
	while (rc == HOSTFILE_OK && *stopp == 0) {
		ssize_t r = read(fd, chunk, STREAM_CHUNK);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = HOSTFILE_ERRNO;
			break;
		}
		if (r == 0)
			break;
		if (cap != 0 && (size_t)r > cap - total) {
			rc = HOSTFILE_TOO_BIG;
			break;
		}
		total += (size_t)r;
		*stopp = each(arg, chunk, (size_t)r);
	}
	err = errno;
	free(chunk);
	close(fd);
	errno = err;
	return rc;
}

enum hostfile_kind
hostfile_kind(const char *path, bool follow)
{
	struct stat st;

	if ((follow ? stat(path, &st) : lstat(path, &st)) != 0)
		return HOSTFILE_NONE;
	if (S_ISREG(st.st_mode))
		return HOSTFILE_REG;
	if (S_ISDIR(st.st_mode))
		return HOSTFILE_DIR;
	if (S_ISLNK(st.st_mode))
		return HOSTFILE_LINK;
	return HOSTFILE_OTHER;
}

struct hostfile_dir *
hostfile_opendir(const char *path)
{
	DIR *dp = opendir(path);
	struct hostfile_dir *dir;

	if (dp == NULL)
		return NULL;
	dir = xmalloc(sizeof(*dir));
	dir->dp = dp;
	return dir;
}

const char *
hostfile_readdir(struct hostfile_dir *dir)
{
	struct dirent *de = readdir(dir->dp);

	return de != NULL ? de->d_name : NULL;
}

void
hostfile_closedir(struct hostfile_dir *dir)
{
	if (dir == NULL)
		return;
	closedir(dir->dp);
	free(dir);
}

char *
hostfile_realpath(const char *path)
{
	return realpath(path, NULL);
}

char *
hostfile_readlink(const char *path)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf));

	if (n < 0)
		return NULL;
	if ((size_t)n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return xstrndup(buf, (size_t)n);
}

FILE *
hostfile_create(const char *path)
{
	return fopen(path, "we");
}

int
hostfile_remove(const char *path)
{
	return unlink(path);
}
