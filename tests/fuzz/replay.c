/*
 * replay.c -- run a fuzz target's saved inputs without libFuzzer.
 *
 * Linked with one fuzz_NAME.c into tests/fuzz/replay_NAME (built with the
 * normal compiler by `make check`), it calls LLVMFuzzerInitialize once
 * and LLVMFuzzerTestOneInput for each input, as libFuzzer would. With
 * arguments it replays those files (or every file of those folders);
 * without, tests/fuzz/corpus/NAME and tests/fuzz/regressions/NAME under
 * $top_srcdir, so every crash ever found stays fixed. A crash is the
 * failure (abort, sanitizer or signal); it names the input first.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "fuzz.h"

/* Bytes of one input: libFuzzer's corpora hold far smaller ones. */
#define REPLAY_MAX	(16u << 20)

static int
replay_file(const char *path)
{
	struct strbuf sb;
	char chunk[8192];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	strbuf_init(&sb, REPLAY_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (strbuf_add(&sb, chunk, n) != 0)
			break;
	fclose(fp);
	if (sb.overflow) {
		fprintf(stderr, "replay: %s: larger than %u bytes\n", path,
		    REPLAY_MAX);
		strbuf_release(&sb);
		return -1;
	}
	fprintf(stderr, "replay: %s\n", path);
	/* An exact-size copy, as libFuzzer passes, so over-reads show. */
	{
		uint8_t *data = xmalloc(sb.len != 0 ? sb.len : 1);

		if (sb.len > 0)	/* an empty file: sb.buf is NULL */
			memcpy(data, sb.buf, sb.len);
		(void)LLVMFuzzerTestOneInput(data, sb.len);
		free(data);
	}
	strbuf_release(&sb);
	return 0;
}

/* Replay PATH (a file, or the files of a folder, sorted). A missing
 * folder is skipped when OPTIONAL. Returns inputs run, or -1. */
static long
replay_path(const char *path, bool optional)
{
	struct strlist names = STRLIST_INIT;
	struct dirent *de;
	struct stat st;
	long count = 0;
	DIR *dp;

	if (stat(path, &st) != 0) {
		if (optional && errno == ENOENT)
			return 0;
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) == 0 ? 1 : -1;
	if ((dp = opendir(path)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.')
			strlist_adopt(&names, path_join(path, de->d_name));
	closedir(dp);
	strlist_sort(&names);
	for (size_t i = 0; i < names.n && count >= 0; i++) {
		long n = replay_path(names.v[i], false);

		count = n < 0 ? -1 : count + n;
	}
	strlist_release(&names);
	return count;
}

int
main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const char *name, *srcdir = getenv("top_srcdir");
	long total = 0;

	base = base != NULL ? base + 1 : argv[0];
	name = strncmp(base, "replay_", 7) == 0 ? base + 7 : base;
	(void)LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (int i = 1; i < argc && total >= 0; i++) {
			long n = replay_path(argv[i], false);

			total = n < 0 ? -1 : total + n;
		}
	} else {
		static const char *const dirs[] = { "corpus", "regressions" };

		if (srcdir == NULL || srcdir[0] == '\0')
			srcdir = ".";
		for (size_t i = 0; i < 2 && total >= 0; i++) {
			char *dir = xasprintf("%s/tests/fuzz/%s/%s", srcdir,
			    dirs[i], name);
			long n = replay_path(dir, true);

			total = n < 0 ? -1 : total + n;
			free(dir);
		}
	}
	if (total < 0)
		return 1;
	printf("%s: %ld inputs replayed\n", base, total);
	return 0;
}
