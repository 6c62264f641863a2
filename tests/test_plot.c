/* Plotting hooks: the data a hook receives, and a hook that fails. */
#include <stdio.h>
#include <string.h>

#include "analysis/plot.h"
#include "config.h"
#include "tests/test_util.h"

#ifdef HAVE_PYTHON
static void test_hook_receives_rows(void)
{
    hs_error err;
    const char *csv = hs_test_tmpfile("rows.csv", "policy,lat_mean_ms\ngpu,36.5\ncpu,180\n");
    const char *out = hs_test_tmpfile("out.txt", "");
    /* the stub checks what it is given and writes a proof */
    const char *hook = hs_test_tmpfile(
        "stub.py",
        "def plot(kind, data, out):\n"
        "    assert kind == 'latency', kind\n"
        "    assert isinstance(data, list) and len(data) == 2, data\n"
        "    assert data[0] == {'policy': 'gpu', 'lat_mean_ms': 36.5}, data[0]\n"
        "    assert isinstance(data[1]['lat_mean_ms'], float)\n"
        "    open(out, 'w').write('ok %d' % len(data))\n");
    CU_ASSERT_EQUAL_FATAL(hs_plot("latency", csv, out, hook, &err), 0);
    FILE *f = fopen(out, "r");
    char buf[32] = "";
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof buf, f));
    fclose(f);
    CU_ASSERT_STRING_EQUAL(buf, "ok 2");
    /* JSON documents arrive as dicts and lists */
    const char *js = hs_test_tmpfile("run.json", "{\"model\": \"m\", \"frame_latency_ms\": [1, 2.5]}");
    const char *hook2 = hs_test_tmpfile(
        "stub2.py", "def plot(kind, data, out):\n"
                    "    assert data['frame_latency_ms'] == [1.0, 2.5], data\n"
                    "    assert data['model'] == 'm'\n");
    CU_ASSERT_EQUAL(hs_plot("cdf", js, out, hook2, &err), 0);
}

static void test_failing_hook(void)
{
    hs_error err;
    const char *csv = hs_test_tmpfile("rows2.csv", "policy,x\ngpu,1\n");
    const char *hook = hs_test_tmpfile("bad.py", "def plot(kind, data, out):\n"
                                                 "    raise RuntimeError('no such plot')\n");
    fprintf(stderr, "\n(a Python traceback is expected below)\n");
    CU_ASSERT_EQUAL(hs_plot("latency", csv, "/tmp/none.png", hook, &err), -1);
    HS_ASSERT_MSG(err, "hook failed");
    CU_ASSERT_EQUAL(err.kind, HS_ERR_RUNTIME);
    /* a ValueError refuses the input: its message, an input error */
    const char *refuse = hs_test_tmpfile("refuse.py", "def plot(kind, data, out):\n"
                                                      "    raise ValueError('want a timeline')\n");
    CU_ASSERT_EQUAL(hs_plot("gantt", csv, "/tmp/none.png", refuse, &err), -1);
    HS_ASSERT_MSG(err, "plot gantt", "rows2.csv", "want a timeline");
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    const char *nofn = hs_test_tmpfile("nofn.py", "x = 1\n");
    CU_ASSERT_EQUAL(hs_plot("latency", csv, "/tmp/none.png", nofn, &err), -1);
    HS_ASSERT_MSG(err, "nofn.py", "plot(kind, data, out)");
}
#else
static void test_unavailable(void)
{
    hs_error err;
    CU_ASSERT_EQUAL(hs_plot("latency", "x.csv", "o.png", NULL, &err), -1);
    HS_ASSERT_MSG(err, "plotting is unavailable");
}
#endif

int hs_suite_plot(void)
{
    CU_pSuite s = CU_add_suite("plot", NULL, NULL);
    if (!s)
        return -1;
#ifdef HAVE_PYTHON
    if (!CU_add_test(s, "hook receives rows and documents", test_hook_receives_rows) ||
        !CU_add_test(s, "a failing hook fails the command", test_failing_hook))
        return -1;
#else
    if (!CU_add_test(s, "plotting unavailable without Python", test_unavailable))
        return -1;
#endif
    return 0;
}
