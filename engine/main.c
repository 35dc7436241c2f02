/*
 * main.c -- the assay binary: everything lives in libassay (cli.c).
 */
#include "config.h"

#include "assay/cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
