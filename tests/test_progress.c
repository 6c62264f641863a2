/* Progress on stderr: a bar redrawn with \r on a terminal, plain lines
 * elsewhere (logs stay one event per line). */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "base/progress.h"

/* What p wrote into its temporary file. */
static void contents(hs_progress *p, char *buf, size_t size)
{
    fflush(p->f);
    rewind(p->f);
    size_t n = fread(buf, 1, size - 1, p->f);
    buf[n] = '\0';
}

static void test_plain_lines_off_a_terminal(void)
{
    hs_progress p;
    char buf[512];
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    hs_progress_init(&p, f, "sweep", 0);
    CU_ASSERT_EQUAL(p.tty, 0); /* a file is no terminal */
    p.every_s = 1e9;           /* no line before the end: the time never comes */
    hs_progress_update(&p, 1, 3, "points");
    hs_progress_update(&p, 2, 3, "points");
    hs_progress_update(&p, 3, 3, "points");
    hs_progress_update(&p, 3, 3, "points"); /* the end again: no second line */
    hs_progress_break(&p);
    contents(&p, buf, sizeof buf);
    CU_ASSERT_PTR_NULL(strchr(buf, '\r'));
    CU_ASSERT_EQUAL(strncmp(buf, "sweep: 3/3 points, ", 19), 0);
    CU_ASSERT_PTR_EQUAL(strchr(buf, '\n'), buf + strlen(buf) - 1); /* one line */
    fclose(f);
    /* every_s 0: a line per update, each ending in \n */
    f = tmpfile();
    hs_progress_init(&p, f, "run", 0);
    p.every_s = 0;
    hs_progress_update(&p, 1, 2, NULL);
    hs_progress_update(&p, 2, 2, NULL);
    contents(&p, buf, sizeof buf);
    CU_ASSERT_EQUAL(strncmp(buf, "run: 1/2, ", 10), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\nrun: 2/2, "));
    CU_ASSERT_PTR_NULL(strchr(buf, '\r'));
    fclose(f);
}

static void test_bar_on_a_terminal(void)
{
    hs_progress p;
    char buf[512];
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    hs_progress_init(&p, f, "sweep", 0);
    p.tty = 1; /* as isatty would say on a terminal */
    hs_progress_update(&p, 1, 2, "points");
    hs_progress_update(&p, 2, 2, "points");
    contents(&p, buf, sizeof buf);
    /* 15 of 30 marks at half way, the line redrawn, one \n at the end */
    CU_ASSERT_EQUAL(strncmp(buf, "\rsweep [###############               ] 1/2 points, ", 52), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\rsweep [##############################] 2/2 points, "));
    CU_ASSERT_EQUAL(buf[strlen(buf) - 1], '\n');
    CU_ASSERT_EQUAL(strchr(buf, '\n'), buf + strlen(buf) - 1);
    fclose(f);
}

static void test_quiet(void)
{
    hs_progress p;
    char buf[64];
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    hs_progress_init(&p, f, "sweep", 1);
    p.tty = 1;
    hs_progress_update(&p, 2, 2, "points");
    hs_progress_break(&p);
    contents(&p, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "");
    fclose(f);
}

int hs_suite_progress(void)
{
    CU_pSuite s = CU_add_suite("progress", NULL, NULL);
    if (!s || !CU_add_test(s, "plain lines off a terminal", test_plain_lines_off_a_terminal) ||
        !CU_add_test(s, "a bar on a terminal", test_bar_on_a_terminal) ||
        !CU_add_test(s, "quiet", test_quiet))
        return -1;
    return 0;
}
