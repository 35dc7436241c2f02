/*
 * main.c -- the assay binary: everything lives in libassay (cli.c).
 *
 * Two process-wide choices are made here, not in the library, because
 * they only suit a short-lived program that exits after one command:
 * the heap is put on transparent huge pages, and a scan's memory is left
 * to the exit (cli_exit_fast). A sanitizer build does neither: its
 * allocator is not glibc's, and its leak check needs every free.
 */
#include "config.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "assay/cli.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ASSAY_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ASSAY_SANITIZED 1
#endif
#endif

#ifndef ASSAY_SANITIZED
#define HEAP_RESERVE	(128u << 20)	/* address space, not memory */
#define HUGE_PAGE	(2u << 20)

/*
 * An SSG data stream scan builds tens of MiB of small objects (libxml2's
 * tree of the profile's content, the plan, the results): 3,700 to 18,000
 * first touches of a 4 KiB page, each a page fault, which on a virtual
 * machine is a third of the scan's CPU. glibc puts its heap on
 * transparent huge pages with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, but
 * a program cannot set its own tunables. So the same is done by hand:
 * the heap is grown once by HEAP_RESERVE (M_TOP_PAD: one brk of address
 * space; pages are only backed when touched) and that range is advised
 * MADV_HUGEPAGE, which the kernel honours when THP is "madvise" or
 * "always" (Debian's default is madvise). Nothing depends on it: with
 * THP "never", a brk that fails (RLIMIT_DATA) or any call refused, the
 * heap is glibc's ordinary one. Measured on ssg-debian11 standard:
 * 3,690 -> 1,060 page faults, 141 -> 92 ms of CPU (perf stat -r 20).
 */
static void
heap_on_huge_pages(void)
{
	uintptr_t lo, hi;
	void *probe;

	/* large blocks from the heap too (glibc's default mmaps each block
	 * over 128 KiB afresh), and the reserve never trimmed */
	if (mallopt(M_MMAP_THRESHOLD, 8 << 20) == 0 ||
	    mallopt(M_TRIM_THRESHOLD, 2 * HEAP_RESERVE) == 0 ||
	    mallopt(M_TOP_PAD, HEAP_RESERVE) == 0)
		return;
	/* larger than the heap's start-up top, so this grows it now */
	probe = malloc(1 << 20);
	if (probe == NULL)
		return;
	lo = ((uintptr_t)probe + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	hi = (uintptr_t)sbrk(0) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (hi > lo && hi - lo <= 2 * HEAP_RESERVE)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	free(probe);
}
#endif

int
main(int argc, char **argv)
{
#ifndef ASSAY_SANITIZED
	heap_on_huge_pages();
	cli_exit_fast();
#endif
	return cli_main(argc, argv);
}
