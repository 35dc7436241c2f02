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

/* The assay program (main.c) calls this before cli_main: a scan then
 * leaves the memory of its data stream, plan and results to the process
 * exit instead of freeing them one object at a time, which is a fifth of
 * the CPU of an SSG data stream scan. Library callers and the sanitizer
 * builds (whose leak check needs every free) do not call it. */
void	cli_exit_fast(void);

#endif /* ASSAY_CLI_H */
