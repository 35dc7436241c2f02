/* STUB: being written. */
#include "config.h"
