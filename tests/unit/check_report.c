/* STUB: being written. */
#include "config.h"

#include "testutil.h"

int
main(void)
{
	return 77;	/* skipped until written */
}
