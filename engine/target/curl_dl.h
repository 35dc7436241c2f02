/*
 * curl_dl.h -- libcurl loaded when a registry target needs it.
 *
 * Only registry targets (docker://) speak HTTP, yet libcurl and its
 * closure (gnutls, nghttp2, ldap, krb5, ssh2, rtmp, psl, idn2, brotli:
 * about 25 libraries) cost every command their loading and relocation
 * at start-up, the largest part of `assay --version` (docs/scap.md).
 * So libcurl is dlopen()ed by its SONAME the first time a registry
 * client is made, and registry_http.c calls it through the table below:
 * including this header after <curl/curl.h> turns each curl_* call into
 * a call through curl_dl, with the prototypes curl.h declares.
 *
 * 1. curl_dl_load(err, errlen): 0 once libcurl and every function below
 *    are loaded (again: at once); -1 with ERR naming the library and
 *    dlerror()'s reason.
 * 2. curl_easy_init() ... as libcurl documents them.
 */
#ifndef ASSAY_CURL_DL_H
#define ASSAY_CURL_DL_H

#include <stddef.h>

#include <curl/curl.h>

/* the SONAME libcurl has had since 7.16 (2006); the Debian packages
 * libcurl4 (OpenSSL flavour) and libcurl3-gnutls ship it */
#define CURL_DL_SONAME	"libcurl.so.4"

struct curl_dl {
	__typeof__(curl_global_init)		*global_init;
	__typeof__(curl_global_cleanup)		*global_cleanup;
	__typeof__(curl_easy_init)		*easy_init;
	__typeof__(curl_easy_cleanup)		*easy_cleanup;
	__typeof__(curl_easy_reset)		*easy_reset;
	__typeof__(curl_easy_setopt)		*easy_setopt;
	__typeof__(curl_easy_getinfo)		*easy_getinfo;
	__typeof__(curl_easy_perform)		*easy_perform;
	__typeof__(curl_easy_pause)		*easy_pause;
	__typeof__(curl_easy_strerror)		*easy_strerror;
	__typeof__(curl_multi_init)		*multi_init;
	__typeof__(curl_multi_cleanup)		*multi_cleanup;
	__typeof__(curl_multi_add_handle)	*multi_add_handle;
	__typeof__(curl_multi_remove_handle)	*multi_remove_handle;
	__typeof__(curl_multi_perform)		*multi_perform;
	__typeof__(curl_multi_poll)		*multi_poll;
	__typeof__(curl_multi_info_read)	*multi_info_read;
	__typeof__(curl_slist_append)		*slist_append;
	__typeof__(curl_slist_free_all)		*slist_free_all;
};

extern struct curl_dl curl_dl;

int	curl_dl_load(char *err, size_t errlen);

/* curl.h's type-checking wrappers (typecheck-gcc.h) are macros too */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init	(*curl_dl.global_init)
#define curl_global_cleanup	(*curl_dl.global_cleanup)
#define curl_easy_init		(*curl_dl.easy_init)
#define curl_easy_cleanup	(*curl_dl.easy_cleanup)
#define curl_easy_reset		(*curl_dl.easy_reset)
#define curl_easy_setopt	(*curl_dl.easy_setopt)
#define curl_easy_getinfo	(*curl_dl.easy_getinfo)
#define curl_easy_perform	(*curl_dl.easy_perform)
#define curl_easy_pause		(*curl_dl.easy_pause)
#define curl_easy_strerror	(*curl_dl.easy_strerror)
#define curl_multi_init		(*curl_dl.multi_init)
#define curl_multi_cleanup	(*curl_dl.multi_cleanup)
#define curl_multi_add_handle	(*curl_dl.multi_add_handle)
#define curl_multi_remove_handle (*curl_dl.multi_remove_handle)
#define curl_multi_perform	(*curl_dl.multi_perform)
#define curl_multi_poll		(*curl_dl.multi_poll)
#define curl_multi_info_read	(*curl_dl.multi_info_read)
#define curl_slist_append	(*curl_dl.slist_append)
#define curl_slist_free_all	(*curl_dl.slist_free_all)

#endif /* ASSAY_CURL_DL_H */
