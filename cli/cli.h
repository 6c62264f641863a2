/* Shared pieces of the hetsim command line: one function per command, the
 * one option parser they all use, and the exit statuses.
 * Contract: a command parses its options with hs_cli_parse() from a
 * declarative table (long name, short letter, kind, range or choices,
 * target), calls the library, prints, and returns an exit status: 0 ok,
 * 1 the run failed, 2 bad option or input (hs_cli_exit() maps an
 * hs_error's kind). Every message is "hetsim CMD: ..." on stderr; a bad
 * option value is "option --NAME: expected WHAT, got \"VALUE\"". */
#ifndef HS_CLI_H
#define HS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

#define HS_EXIT_OK 0
#define HS_EXIT_RUNTIME 1       /* the run itself failed (I/O, out of memory) */
#define HS_EXIT_INPUT 2         /* bad command line or malformed input file */
#define HS_EXIT_INTERRUPTED 130 /* stopped by SIGINT/SIGTERM (128 + SIGINT) */

int hs_cmd_run(int argc, char **argv);
int hs_cmd_list(int argc, char **argv);
int hs_cmd_list_ops(int argc, char **argv); /* hetsim list ops (argv[0] is "ops") */
int hs_cmd_plan(int argc, char **argv);
int hs_cmd_import(int argc, char **argv);
int hs_cmd_import_onnx(int argc, char **argv); /* argv[0] = "onnx" */
int hs_cmd_import_band(int argc, char **argv); /* argv[0] = "band" */
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

/* ---- exit statuses and messages ---- */

/* The exit status of a failure of this kind. */
int hs_cli_exit(const hs_error *err);
/* "hetsim CMD: MESSAGE" on stderr; returns hs_cli_exit(err). */
int hs_cli_fail(const char *cmd, const hs_error *err);
/* "hetsim CMD: MESSAGE" on stderr. */
void hs_cli_error(const char *cmd, const char *msg);
/* "hetsim CMD: warning: LINE" on stderr for each line of `lines` (none when empty). */
void hs_cli_warn_lines(const char *cmd, const char *lines);

/* ---- options ---- */

typedef enum hs_opt_kind {
    HS_OPT_FLAG,   /* no value: *(int *)target = 1 */
    HS_OPT_STRING, /* *(const char **)target = the value (borrowed from argv) */
    HS_OPT_INT,    /* *(long long *)target, a whole-string integer in [imin, imax] */
    HS_OPT_DOUBLE, /* *(double *)target, a finite number in [dmin, dmax] */
    HS_OPT_ENUM,   /* *(int *)target = the index of the value among choices */
    HS_OPT_CUSTOM  /* parse(value, target, why, n) */
} hs_opt_kind;

/* A custom value: 0, or -1 after writing "expected WHAT, got \"VALUE\""
 * into why[0..n). */
typedef int (*hs_opt_parse_fn)(const char *value, void *target, char *why, size_t n);

typedef struct hs_opt {
    const char *name;           /* long name without "--"; NULL ends a table */
    int letter;                 /* short option letter, 0 for none */
    hs_opt_kind kind;
    void *target;
    long long imin, imax;       /* HS_OPT_INT */
    double dmin, dmax;          /* HS_OPT_DOUBLE */
    const char *const *choices; /* HS_OPT_ENUM: NULL-terminated */
    hs_opt_parse_fn parse;      /* HS_OPT_CUSTOM */
} hs_opt;

/* Table rows; the target's type is checked at compile time. */
#define HS_CLI_TARGET(type, p) ((void *)(1 ? (p) : (type *)0))
#define HS_OPT_F(nm, l, p)                                                                      \
    {.name = (nm), .letter = (l), .kind = HS_OPT_FLAG, .target = HS_CLI_TARGET(int, p)}
#define HS_OPT_S(nm, l, p)                                                                      \
    {.name = (nm), .letter = (l), .kind = HS_OPT_STRING, .target = HS_CLI_TARGET(const char *, p)}
#define HS_OPT_I(nm, l, p, lo, hi)                                                              \
    {.name = (nm), .letter = (l), .kind = HS_OPT_INT, .target = HS_CLI_TARGET(long long, p),   \
     .imin = (lo), .imax = (hi)}
#define HS_OPT_D(nm, l, p, lo, hi)                                                              \
    {.name = (nm), .letter = (l), .kind = HS_OPT_DOUBLE, .target = HS_CLI_TARGET(double, p),   \
     .dmin = (lo), .dmax = (hi)}
#define HS_OPT_E(nm, l, p, ch)                                                                  \
    {.name = (nm), .letter = (l), .kind = HS_OPT_ENUM, .target = HS_CLI_TARGET(int, p),        \
     .choices = (ch)}
#define HS_OPT_C(nm, l, p, fn)                                                                  \
    {.name = (nm), .letter = (l), .kind = HS_OPT_CUSTOM, .target = (p), .parse = (fn)}
#define HS_OPT_END {.name = NULL}

#define HS_CLI_MAX_TABLES 4
#define HS_CLI_MAX_NEED 4

typedef struct hs_cli_spec {
    const char *cmd;          /* "run", "native record": named in every message */
    void (*usage)(FILE *f);   /* what --help (-h) prints, on stdout */
    const hs_opt *opts[HS_CLI_MAX_TABLES]; /* option tables (shared sets), NULL after the last */
    int min_args, max_args;   /* positional arguments; max_args < 0: no limit */
    const char *synopsis;     /* "FILE.json -o OUT.csv": a wrong count of positional
                                 arguments prints "expected SYNOPSIS"; NULL: "unexpected
                                 argument" (min_args must then be 0) */
    /* string targets that must be set once parsed, else "expected SYNOPSIS" */
    const char *const *need[HS_CLI_MAX_NEED];
    /* instead of usage: a help that depends on what the command chose so far */
    void (*usage_of)(FILE *f, const void *ctx);
    const void *usage_ctx;
} hs_cli_spec;

#define HS_CLI_GO (-1)

/* Parse argv[1..argc) by `s` (argv[0] is the command's name). Returns
 * HS_CLI_GO, with *args the index in argv of the first positional argument
 * (they are moved after the options) when args is not NULL; or the exit
 * status the command returns at once: HS_EXIT_OK after --help printed the
 * usage, HS_EXIT_INPUT after one message naming the option (unknown, no
 * value, a value out of range or not among the choices), the argument, or
 * what is missing (spec->need, needing a synopsis). */
int hs_cli_parse(const hs_cli_spec *s, int argc, char **argv, int *args);
/* "hetsim CMD: expected SYNOPSIS (see hetsim CMD --help)" (a required
 * option or argument is missing); returns HS_EXIT_INPUT. */
int hs_cli_expected(const hs_cli_spec *s);

#endif
