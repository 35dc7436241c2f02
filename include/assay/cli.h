/*
 * cli.h -- the command line: subcommands, options, exit codes.
 *
 *   assay scan [OPTIONS] TARGET
 *   assay rules [--policy PATH]... [--profile ID]...
 *   assay policy check PATH...
 *   assay --help | --version
 */
#ifndef ASSAY_CLI_H
#define ASSAY_CLI_H

enum exit_code {
	EXIT_OK = 0,		/* no failing result at or above --fail-on */
	EXIT_FINDINGS = 1,	/* at least one such failing result */
	EXIT_USAGE = 2,		/* usage or policy error */
	EXIT_TARGET = 3,	/* the target could not be read */
};

int	cli_main(int argc, char **argv);

#endif /* ASSAY_CLI_H */
