/*
 * curl_dl.c -- libcurl dlopen()ed on first use (curl_dl.h says why).
 */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "curl_dl.h"

struct curl_dl curl_dl;

/* the table's slots and the symbols that fill them, in order */
static const char *const names[] = {
	"curl_global_init", "curl_global_cleanup", "curl_easy_init",
	"curl_easy_cleanup", "curl_easy_reset", "curl_easy_setopt",
	"curl_easy_getinfo", "curl_easy_perform", "curl_easy_pause",
	"curl_easy_strerror", "curl_multi_init", "curl_multi_cleanup",
	"curl_multi_add_handle", "curl_multi_remove_handle",
	"curl_multi_perform", "curl_multi_poll", "curl_multi_info_read",
	"curl_slist_append", "curl_slist_free_all",
};

_Static_assert(sizeof(names) / sizeof(names[0]) * sizeof(void (*)(void)) ==
    sizeof(struct curl_dl), "curl_dl and names[] differ");

int
curl_dl_load(char *err, size_t errlen)
{
	static void *lib;
	void (*fn[sizeof(names) / sizeof(names[0])])(void);
	const char *why;

	if (lib != NULL)
		return 0;
	/* RTLD_LOCAL: libcurl's symbols stay out of the global scope;
	 * RTLD_NOW: a missing symbol fails here, not mid-transfer */
	if ((lib = dlopen(CURL_DL_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		why = dlerror();
		snprintf(err, errlen, "registry targets need libcurl (%s, "
		    "Debian package libcurl4), which cannot be loaded: %s",
		    CURL_DL_SONAME, why != NULL ? why : "unknown error");
		return -1;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		/* POSIX: a dlsym() result converts to a function pointer */
		*(void **)&fn[i] = dlsym(lib, names[i]);
		if (fn[i] == NULL) {
			snprintf(err, errlen, "%s has no %s: libcurl %s or "
			    "newer is needed", CURL_DL_SONAME, names[i],
			    "7.85");
			(void)dlclose(lib);
			lib = NULL;
			return -1;
		}
	}
	memcpy(&curl_dl, fn, sizeof(curl_dl));
	return 0;
}
