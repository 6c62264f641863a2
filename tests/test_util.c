#include "tests/test_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

static void cleanup(void)
{
    if (tmpdir[0]) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "warning: could not remove %s\n", tmpdir);
    }
}

const char *hs_test_tmpfile(const char *name, const char *text)
{
    static char paths[8][512];
    static int slot;
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/hetsim-test-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            tmpdir[0] = '\0';
            return NULL;
        }
        atexit(cleanup);
    }
    char *p = paths[slot++ % 8];
    snprintf(p, 512, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    return p;
}

const char *hs_test_fixture(const char *name)
{
    static char paths[8][512];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 512, "%s/%s", HS_TEST_FIXTURES, name);
    return p;
}

int hs_test_msg_has(const char *msg, ...)
{
    va_list ap;
    va_start(ap, msg);
    int ok = 1;
    const char *needle;
    while ((needle = va_arg(ap, const char *)))
        if (!strstr(msg, needle)) {
            fprintf(stderr, "\n  message \"%s\"\n  lacks \"%s\"\n", msg, needle);
            ok = 0;
        }
    va_end(ap);
    return ok;
}
