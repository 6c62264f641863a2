#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hs_cli_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "hetsim %s: %s\n", cmd, msg);
}

int hs_cli_int(const char *cmd, const char *opt, const char *s, long long min, long long max,
               long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) {
        fprintf(stderr, "hetsim %s: option %s: expected an integer in [%lld, %lld], got \"%s\"\n",
                cmd, opt, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

int hs_cli_double(const char *cmd, const char *opt, const char *s, double min, double max,
                  double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < min || v > max) {
        fprintf(stderr, "hetsim %s: option %s: expected a number in [%g, %g], got \"%s\"\n", cmd,
                opt, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

int hs_cli_enum(const char *cmd, const char *opt, const char *s, const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        if (strcmp(s, choices[i]) == 0)
            return i;
    fprintf(stderr, "hetsim %s: option %s: expected one of", cmd, opt);
    for (int i = 0; choices[i]; i++)
        fprintf(stderr, "%s %s", i ? "," : "", choices[i]);
    fprintf(stderr, "; got \"%s\"\n", s);
    return -1;
}
