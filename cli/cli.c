/* The command line's shared pieces (cli.h). */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hs_cli_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "hetsim %s: %s\n", cmd, msg);
}

void hs_cli_warn_lines(const char *cmd, const char *lines)
{
    while (lines && *lines) {
        size_t n = strcspn(lines, "\n");
        fprintf(stderr, "hetsim %s: warning: %.*s\n", cmd, (int)n, lines);
        lines += n + (lines[n] == '\n');
    }
}

int hs_cli_exit(const hs_error *err)
{
    switch (err->kind) {
    case HS_ERR_RUNTIME: return HS_EXIT_RUNTIME;
    case HS_ERR_INTERRUPTED: return HS_EXIT_INTERRUPTED;
    case HS_ERR_INPUT: break;
    }
    return HS_EXIT_INPUT;
}

int hs_cli_fail(const char *cmd, const hs_error *err)
{
    hs_cli_error(cmd, err->msg);
    return hs_cli_exit(err);
}

int hs_cli_expected(const hs_cli_spec *s)
{
    fprintf(stderr, "hetsim %s: expected %s (see hetsim %s --help)\n", s->cmd, s->synopsis,
            s->cmd);
    return HS_EXIT_INPUT;
}

/* The value of option o into its target; -1 after writing what was expected
 * and what came into why. */
static int set_value(const hs_opt *o, const char *v, char *why, size_t n)
{
    char *end;
    errno = 0;
    switch (o->kind) {
    case HS_OPT_FLAG: *(int *)o->target = 1; return 0;
    case HS_OPT_STRING: *(const char **)o->target = v; return 0;
    case HS_OPT_INT: {
        long long x = strtoll(v, &end, 10);
        if (errno || end == v || *end || x < o->imin || x > o->imax) {
            snprintf(why, n, "expected an integer in [%lld, %lld], got \"%s\"", o->imin, o->imax,
                     v);
            return -1;
        }
        *(long long *)o->target = x;
        return 0;
    }
    case HS_OPT_DOUBLE: {
        double x = strtod(v, &end);
        if (errno || end == v || *end || !isfinite(x) || x < o->dmin || x > o->dmax) {
            snprintf(why, n, "expected a number in [%g, %g], got \"%s\"", o->dmin, o->dmax, v);
            return -1;
        }
        *(double *)o->target = x;
        return 0;
    }
    case HS_OPT_ENUM: {
        size_t used = (size_t)snprintf(why, n, "expected one of");
        for (int i = 0; o->choices[i]; i++) {
            if (strcmp(v, o->choices[i]) == 0) {
                *(int *)o->target = i;
                return 0;
            }
            if (used < n)
                used += (size_t)snprintf(why + used, n - used, "%s %s", i ? "," : "",
                                         o->choices[i]);
        }
        if (used < n)
            snprintf(why + used, n - used, "; got \"%s\"", v);
        return -1;
    }
    case HS_OPT_CUSTOM: return o->parse(v, o->target, why, n);
    }
    return -1;
}

#define MAX_OPTS 64

int hs_cli_parse(const hs_cli_spec *s, int argc, char **argv, int *args)
{
    const hs_opt *all[MAX_OPTS];
    struct option lo[MAX_OPTS + 2];
    char shorts[3 * MAX_OPTS + 8] = ":h";
    size_t sl = 2;
    int n = 0;
    for (int t = 0; t < HS_CLI_MAX_TABLES && s->opts[t]; t++)
        for (const hs_opt *o = s->opts[t]; o->name && n < MAX_OPTS; o++, n++) {
            int has_arg = o->kind == HS_OPT_FLAG ? no_argument : required_argument;
            all[n] = o;
            lo[n] = (struct option){o->name, has_arg, NULL, o->letter ? o->letter : 256 + n};
            if (o->letter) {
                shorts[sl++] = (char)o->letter;
                if (has_arg == required_argument)
                    shorts[sl++] = ':';
            }
        }
    shorts[sl] = '\0';
    lo[n] = (struct option){"help", no_argument, NULL, 'h'};
    lo[n + 1] = (struct option){NULL, 0, NULL, 0};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        if (c == 'h') {
            if (s->usage_of)
                s->usage_of(stdout, s->usage_ctx);
            else
                s->usage(stdout);
            return HS_EXIT_OK;
        }
        if (c == ':') {
            fprintf(stderr, "hetsim %s: option %s needs a value (see hetsim %s --help)\n",
                    s->cmd, argv[optind - 1], s->cmd);
            return HS_EXIT_INPUT;
        }
        if (c == '?') {
            const char *arg = argv[optind - 1];
            if (optopt && strncmp(arg, "--", 2) == 0) /* --flag=VALUE */
                fprintf(stderr, "hetsim %s: option %.*s takes no value (see hetsim %s --help)\n",
                        s->cmd, (int)strcspn(arg, "="), arg, s->cmd);
            else if (optopt)
                fprintf(stderr, "hetsim %s: unknown option \"-%c\" (see hetsim %s --help)\n",
                        s->cmd, optopt, s->cmd);
            else
                fprintf(stderr, "hetsim %s: unknown option \"%s\" (see hetsim %s --help)\n",
                        s->cmd, arg, s->cmd);
            return HS_EXIT_INPUT;
        }
        const hs_opt *o = c >= 256 && c < 256 + n ? all[c - 256] : NULL;
        for (int k = 0; !o && k < n; k++)
            if (all[k]->letter == c)
                o = all[k];
        char why[512] = "is not in the command's table";
        if (!o || set_value(o, optarg, why, sizeof why) < 0) {
            fprintf(stderr, "hetsim %s: option --%s: %s\n", s->cmd, o ? o->name : "?", why);
            return HS_EXIT_INPUT;
        }
    }
    int n_args = argc - optind;
    if (n_args < s->min_args || (s->max_args >= 0 && n_args > s->max_args)) {
        if (s->synopsis)
            return hs_cli_expected(s);
        fprintf(stderr, "hetsim %s: unexpected argument \"%s\" (see hetsim %s --help)\n", s->cmd,
                argv[optind + (s->max_args > 0 ? s->max_args : 0)], s->cmd);
        return HS_EXIT_INPUT;
    }
    for (int k = 0; k < HS_CLI_MAX_NEED && s->need[k]; k++)
        if (!*s->need[k])
            return hs_cli_expected(s);
    if (args)
        *args = optind;
    return HS_CLI_GO;
}
