/* The command line's option parser (cli/cli.h): values into their targets,
 * the one message per kind of mistake, and the exit statuses. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "tests/test_util.h"

static int n_usage;

static void usage(FILE *f)
{
    (void)f;
    n_usage++;
}

/* What a parse wrote to stderr, captured through a temporary file. */
static char captured[2048];

static int parse_captured(const hs_cli_spec *s, int argc, char **argv, int *args)
{
    const char *path = hs_test_tmpfile("cli_stderr.txt", "");
    fflush(stderr);
    int saved = dup(2), fd = open(path, O_WRONLY | O_TRUNC);
    CU_ASSERT_FATAL(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    int rc = hs_cli_parse(s, argc, argv, args);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(captured, 1, sizeof captured - 1, f) : 0;
    captured[n] = '\0';
    if (f)
        fclose(f);
    return rc;
}

typedef struct targets {
    const char *device, *out;
    long long frames;
    double fps;
    int fmt, quiet, pair_set;
    int pair[2];
} targets;

/* A custom value: "A:B" with two small integers. */
static int parse_pair(const char *v, void *target, char *why, size_t n)
{
    targets *t = target;
    if (sscanf(v, "%d:%d", &t->pair[0], &t->pair[1]) != 2) {
        snprintf(why, n, "expected A:B, got \"%s\"", v);
        return -1;
    }
    t->pair_set = 1;
    return 0;
}

static const char *const formats[] = {"table", "csv", "json", NULL};

/* Parse argv (NULL-terminated, argv[0] the command) against the test table. */
static int run(targets *t, int max_args, const char *synopsis, int need_out, int *args,
               char **argv)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    *t = (targets){.device = "phone", .frames = -1, .fmt = -1};
    const hs_opt opts[] = {HS_OPT_S("device", 'd', &t->device),
                           HS_OPT_I("frames", 'n', &t->frames, 1, 1000),
                           HS_OPT_D("fps", 0, &t->fps, 0.5, 60),
                           HS_OPT_E("format", 'f', &t->fmt, formats),
                           HS_OPT_END};
    const hs_opt more[] = {HS_OPT_F("quiet", 'q', &t->quiet), HS_OPT_S("output", 'o', &t->out),
                           HS_OPT_C("pair", 0, t, parse_pair), HS_OPT_END};
    hs_cli_spec s = {.cmd = "test", .usage = usage, .opts = {opts, more}, .max_args = max_args,
                     .synopsis = synopsis};
    if (need_out)
        s.need[0] = &t->out;
    return parse_captured(&s, argc, argv, args);
}

static void test_values(void)
{
    targets t;
    int args = -1;
    char *argv[] = {"test", "in.csv", "-d", "tab", "--frames=12", "--fps", "2.5", "-f", "json",
                    "-q", "--pair", "3:4", "-o", "x", NULL};
    CU_ASSERT_EQUAL_FATAL(run(&t, 1, "IN", 0, &args, argv), HS_CLI_GO);
    CU_ASSERT_STRING_EQUAL(t.device, "tab");
    CU_ASSERT_EQUAL(t.frames, 12);
    CU_ASSERT_DOUBLE_EQUAL(t.fps, 2.5, 0);
    CU_ASSERT_EQUAL(t.fmt, 2);
    CU_ASSERT_EQUAL(t.quiet, 1);
    CU_ASSERT(t.pair_set && t.pair[0] == 3 && t.pair[1] == 4);
    CU_ASSERT_STRING_EQUAL(t.out, "x");
    /* the positional argument, moved after the options */
    CU_ASSERT_FATAL(args > 0 && args < 15);
    CU_ASSERT_STRING_EQUAL(argv[args], "in.csv");
    CU_ASSERT_STRING_EQUAL(captured, "");
    /* options not given keep their defaults; a unique prefix is the option */
    char *argv2[] = {"test", "--fra", "5", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, argv2), HS_CLI_GO);
    CU_ASSERT_EQUAL(t.frames, 5);
    CU_ASSERT_STRING_EQUAL(t.device, "phone");
    CU_ASSERT_EQUAL(t.fmt, -1);
}

static void test_range_errors(void)
{
    targets t;
    char *a[] = {"test", "--frames", "0", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, a), HS_EXIT_INPUT);
    CU_ASSERT_STRING_EQUAL(captured,
                           "hetsim test: option --frames: expected an integer in [1, 1000], got "
                           "\"0\"\n");
    CU_ASSERT_EQUAL(t.frames, -1); /* not written */
    char *b[] = {"test", "-n", "12x", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, b), HS_EXIT_INPUT);
    CU_ASSERT(hs_test_msg_has(captured, "option --frames: expected an integer", "\"12x\"", NULL));
    char *c[] = {"test", "--fps", "nan", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, c), HS_EXIT_INPUT);
    CU_ASSERT(hs_test_msg_has(captured, "option --fps: expected a number in [0.5, 60], got \"nan\"",
                              NULL));
    char *d[] = {"test", "-f", "xml", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, d), HS_EXIT_INPUT);
    CU_ASSERT_STRING_EQUAL(captured, "hetsim test: option --format: expected one of table, csv, "
                                     "json; got \"xml\"\n");
    char *e[] = {"test", "--pair", "3-4", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, e), HS_EXIT_INPUT);
    CU_ASSERT_STRING_EQUAL(captured, "hetsim test: option --pair: expected A:B, got \"3-4\"\n");
}

static void test_unknown_and_missing(void)
{
    targets t;
    char *a[] = {"test", "--bogus", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, a), HS_EXIT_INPUT);
    CU_ASSERT_STRING_EQUAL(captured,
                           "hetsim test: unknown option \"--bogus\" (see hetsim test --help)\n");
    char *b[] = {"test", "-qZ", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, b), HS_EXIT_INPUT);
    CU_ASSERT(hs_test_msg_has(captured, "unknown option \"-Z\"", NULL));
    char *c[] = {"test", "--frames", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, c), HS_EXIT_INPUT);
    CU_ASSERT_STRING_EQUAL(captured, "hetsim test: option --frames needs a value (see hetsim test "
                                     "--help)\n");
    char *d[] = {"test", "-d", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, d), HS_EXIT_INPUT);
    CU_ASSERT(hs_test_msg_has(captured, "option -d needs a value", NULL));
    /* a flag takes no value */
    char *e[] = {"test", "--quiet=1", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, e), HS_EXIT_INPUT);
    CU_ASSERT_STRING_EQUAL(captured,
                           "hetsim test: option --quiet takes no value (see hetsim test --help)\n");
}

static void test_arguments_and_help(void)
{
    targets t;
    char *a[] = {"test", "extra", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, a), HS_EXIT_INPUT);
    CU_ASSERT_STRING_EQUAL(captured,
                           "hetsim test: unexpected argument \"extra\" (see hetsim test --help)\n");
    CU_ASSERT_EQUAL(run(&t, 1, "IN -o OUT", 0, NULL, a), HS_CLI_GO);
    char *b[] = {"test", NULL};
    CU_ASSERT_EQUAL(run(&t, 1, "IN -o OUT", 1, NULL, b), HS_EXIT_INPUT); /* -o is needed */
    CU_ASSERT_STRING_EQUAL(captured, "hetsim test: expected IN -o OUT (see hetsim test --help)\n");
    char *c[] = {"test", "one", "two", "-o", "x", NULL};
    CU_ASSERT_EQUAL(run(&t, 1, "IN -o OUT", 1, NULL, c), HS_EXIT_INPUT);
    CU_ASSERT(hs_test_msg_has(captured, "expected IN -o OUT", NULL));
    char *c2[] = {"test", "one", "-q", "-o", "x", NULL};
    CU_ASSERT_EQUAL(run(&t, 1, "IN -o OUT", 1, NULL, c2), HS_CLI_GO);
    /* --help and -h print the usage and end the command with status 0 */
    n_usage = 0;
    char *h[] = {"test", "--frames", "3", "--help", "--bogus", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, h), HS_EXIT_OK);
    char *h2[] = {"test", "-h", NULL};
    CU_ASSERT_EQUAL(run(&t, 0, NULL, 0, NULL, h2), HS_EXIT_OK);
    CU_ASSERT_EQUAL(n_usage, 2);
}

static void test_exit_statuses(void)
{
    hs_error err;
    hs_error_set(&err, "bad file");
    CU_ASSERT_EQUAL(hs_cli_exit(&err), HS_EXIT_INPUT);
    hs_error_set_runtime(&err, "disk full");
    CU_ASSERT_EQUAL(hs_cli_exit(&err), HS_EXIT_RUNTIME);
    hs_error_prefix(&err, "out.csv"); /* the kind survives a prefix */
    CU_ASSERT_EQUAL(hs_cli_exit(&err), HS_EXIT_RUNTIME);
    CU_ASSERT_STRING_EQUAL(err.msg, "out.csv: disk full");
    hs_error_mark(&err, HS_ERR_INTERRUPTED);
    CU_ASSERT_EQUAL(hs_cli_exit(&err), HS_EXIT_INTERRUPTED);
    hs_error_set(&err, "again");
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
}

int hs_suite_cli_opts(void)
{
    CU_pSuite s = CU_add_suite("cli_opts", NULL, NULL);
    if (!s || !CU_add_test(s, "values into their targets", test_values) ||
        !CU_add_test(s, "range errors", test_range_errors) ||
        !CU_add_test(s, "unknown option, missing value", test_unknown_and_missing) ||
        !CU_add_test(s, "arguments and --help", test_arguments_and_help) ||
        !CU_add_test(s, "exit statuses from error kinds", test_exit_statuses))
        return -1;
    return 0;
}
