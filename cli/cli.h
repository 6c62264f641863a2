/* Shared pieces of the hetsim command line: one function per command and
 * strict option parsing that names the option and what it expected. */
#ifndef HS_CLI_H
#define HS_CLI_H

int hs_cmd_run(int argc, char **argv);
int hs_cmd_list(int argc, char **argv);
int hs_cmd_list_ops(int argc, char **argv); /* hetsim list ops (argv[0] is "ops") */
int hs_cmd_plan(int argc, char **argv);
int hs_cmd_import(int argc, char **argv);
int hs_cmd_trace(int argc, char **argv);
int hs_cmd_sweep(int argc, char **argv);
int hs_cmd_stats(int argc, char **argv);
int hs_cmd_plot(int argc, char **argv);
int hs_cmd_reproduce(int argc, char **argv);
int hs_cmd_estimate(int argc, char **argv);
int hs_cmd_native(int argc, char **argv);
int hs_cmd_validate(int argc, char **argv);
int hs_cmd_bench(int argc, char **argv);
int hs_cmd_merge(int argc, char **argv);

/* Parse a whole-string number into *out within [min, max]; on error print
 * "hetsim CMD: option OPT: expected ..., got ..." and return -1. */
int hs_cli_int(const char *cmd, const char *opt, const char *s, long long min, long long max,
               long long *out);
int hs_cli_double(const char *cmd, const char *opt, const char *s, double min, double max,
                  double *out);
/* Index of `s` in the NULL-terminated choices, or -1 after printing an error. */
int hs_cli_enum(const char *cmd, const char *opt, const char *s, const char *const *choices);
/* "hetsim CMD: message" to stderr. */
void hs_cli_error(const char *cmd, const char *msg);

#endif
