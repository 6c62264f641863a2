/* Files in and out (base/atomic_file.h, base/text_file.h, the JSON value
 * bound of base/json_read.h): where an output goes (atomically for regular
 * files, straight for devices), its mode and symlink kept, disk-full
 * reported, temporary files removed on SIGINT, outputs that are inputs
 * refused; the bounded reader refusing FIFOs, devices and large files. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/json_read.h"
#include "base/text_file.h"
#include "tests/test_util.h"

/* A path in the suite's temporary directory (the file is created empty
 * and removed, so the name is free). */
static const char *fresh(const char *name)
{
    const char *p = hs_test_tmpfile(name, "");
    CU_ASSERT_FATAL(p != NULL);
    unlink(p);
    return p;
}

static int write_via(const char *path, const char *text, hs_error *err)
{
    hs_afile a;
    if (hs_afile_open(&a, path, err) < 0)
        return -1;
    fputs(text, a.f);
    return hs_afile_commit(&a, err);
}

static char *slurp(const char *path)
{
    char *buf = NULL;
    hs_error err;
    if (hs_read_text_file(path, 1 << 20, &buf, NULL, &err) < 0)
        return NULL;
    return buf;
}

static void test_new_and_replaced_file(void)
{
    hs_error err;
    const char *p = fresh("out_new.txt");
    CU_ASSERT_EQUAL(write_via(p, "one\n", &err), 0);
    char *s = slurp(p);
    CU_ASSERT_STRING_EQUAL(s, "one\n");
    free(s);
    /* a 0600 file stays 0600 once replaced */
    CU_ASSERT_EQUAL(chmod(p, 0600), 0);
    CU_ASSERT_EQUAL(write_via(p, "two\n", &err), 0);
    struct stat st;
    CU_ASSERT_EQUAL(stat(p, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
    s = slurp(p);
    CU_ASSERT_STRING_EQUAL(s, "two\n");
    free(s);
    /* and no temporary file is left beside it */
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", p, (long)getpid());
    CU_ASSERT_NOT_EQUAL(access(tmp, F_OK), 0);
}

static void test_symlink_followed(void)
{
    hs_error err;
    const char *target = hs_test_tmpfile("link_target.txt", "old\n");
    const char *link = fresh("link.txt");
    CU_ASSERT_FATAL(target != NULL);
    CU_ASSERT_EQUAL_FATAL(symlink("link_target.txt", link), 0); /* relative, as users make them */
    CU_ASSERT_EQUAL(write_via(link, "new\n", &err), 0);
    struct stat st;
    CU_ASSERT_EQUAL(lstat(link, &st), 0);
    CU_ASSERT_TRUE(S_ISLNK(st.st_mode)); /* still a link */
    char *s = slurp(target);
    CU_ASSERT_STRING_EQUAL(s, "new\n"); /* its target replaced */
    free(s);
}

static void test_devices_written_straight(void)
{
    hs_error err;
    hs_afile a;
    CU_ASSERT_EQUAL_FATAL(hs_afile_open(&a, "/dev/null", &err), 0);
    CU_ASSERT_TRUE(a.straight);
    fputs("x\n", a.f);
    CU_ASSERT_EQUAL(hs_afile_commit(&a, &err), 0);
    struct stat st;
    CU_ASSERT_EQUAL(stat("/dev/null", &st), 0);
    CU_ASSERT_TRUE(S_ISCHR(st.st_mode)); /* not replaced by a regular file */
    /* /dev/full: the reason, a runtime error */
    if (access("/dev/full", W_OK) == 0) {
        CU_ASSERT_EQUAL_FATAL(hs_afile_open(&a, "/dev/full", &err), 0);
        fputs("x\n", a.f);
        CU_ASSERT_EQUAL(hs_afile_commit(&a, &err), -1);
        HS_ASSERT_MSG(err, "/dev/full", "No space left on device");
        CU_ASSERT_EQUAL(err.kind, HS_ERR_RUNTIME);
        /* a write that failed on the way (more than a buffer): hs_afile_fail says why */
        CU_ASSERT_EQUAL_FATAL(hs_afile_open(&a, "/dev/full", &err), 0);
        for (int i = 0; i < 20000; i++)
            fputs("0123456789\n", a.f);
        CU_ASSERT_TRUE(ferror(a.f));
        hs_afile_fail(&a, &err);
        HS_ASSERT_MSG(err, "/dev/full: cannot write: No space left on device");
    }
}

/* A child opens an output, writes, and gets SIGINT before committing. */
static int child_interrupted(const char *path, int own_handler)
{
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = own_handler ? SIG_IGN : SIG_DFL; /* whatever earlier suites left */
        sigaction(SIGINT, &sa, NULL);
        hs_afile a;
        hs_error err;
        if (hs_afile_open(&a, path, &err) < 0)
            _exit(10);
        fputs("partial\n", a.f);
        fflush(a.f);
        raise(SIGINT);
        _exit(own_handler ? 0 : 11); /* SIGINT ignored: the file is still there */
    }
    int status;
    waitpid(pid, &status, 0);
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)pid);
    int left = access(tmp, F_OK) == 0;
    unlink(tmp);
    if (own_handler)
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 && left;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGINT && !left;
}

static void test_sigint_removes_temporary(void)
{
    const char *p = fresh("interrupted.txt");
    CU_ASSERT_TRUE(child_interrupted(p, 0)); /* killed: OUT.tmp.PID removed */
    CU_ASSERT_NOT_EQUAL(access(p, F_OK), 0); /* and OUT not written */
    CU_ASSERT_TRUE(child_interrupted(p, 1)); /* a program's own disposition is left alone */
}

static void test_output_check(void)
{
    hs_error err;
    const char *in = hs_test_tmpfile("check_in.json", "{}\n");
    CU_ASSERT_FATAL(in != NULL);
    CU_ASSERT_EQUAL(hs_output_check("-", &in, 1, &err), 0);
    CU_ASSERT_EQUAL(hs_output_check("/dev/null", &in, 1, &err), 0);
    const char *out = fresh("check_out.csv");
    CU_ASSERT_EQUAL(hs_output_check(out, &in, 1, &err), 0); /* a new file in a directory */
    /* the output is the input: by name, through a hard link */
    CU_ASSERT_EQUAL(hs_output_check(in, &in, 1, &err), -1);
    HS_ASSERT_MSG(err, "check_in.json", "the output is the input");
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    const char *hard = fresh("check_hard.json");
    CU_ASSERT_EQUAL_FATAL(link(in, hard), 0);
    CU_ASSERT_EQUAL(hs_output_check(hard, &in, 1, &err), -1);
    HS_ASSERT_MSG(err, "check_hard.json", "the output is the input");
    const char *none[] = {NULL, "no-such-model-name"};
    CU_ASSERT_EQUAL(hs_output_check(hard, none, 2, &err), 0); /* names that are not files */
    /* a missing directory, a directory */
    char missing[600];
    snprintf(missing, sizeof missing, "%s.d/nodir/t.json", out);
    CU_ASSERT_EQUAL(hs_output_check(missing, NULL, 0, &err), -1);
    HS_ASSERT_MSG(err, "nodir/t.json", "the directory", "does not exist");
    CU_ASSERT_EQUAL(hs_output_check("/", NULL, 0, &err), -1);
    HS_ASSERT_MSG(err, "it is a directory");
}

static void test_reader_bounds(void)
{
    hs_error err;
    char *buf;
    size_t len;
    const char *fifo = fresh("input.fifo");
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    /* no writer: a blocking open would hang here */
    CU_ASSERT_EQUAL(hs_read_text_file(fifo, 1 << 20, &buf, &len, &err), -1);
    HS_ASSERT_MSG(err, "input.fifo", "expected a regular file, got a FIFO (named pipe)");
    CU_ASSERT_EQUAL(hs_check_regular_file(fifo, &err), -1);
    CU_ASSERT_EQUAL(hs_read_file("/dev/zero", 1 << 20, 0, &buf, &len, &err), -1);
    HS_ASSERT_MSG(err, "/dev/zero: expected a regular file, got a character device");
    const char *dir = hs_test_fixture("profiles");
    CU_ASSERT_EQUAL(hs_read_text_file(dir, 1 << 20, &buf, &len, &err), -1);
    HS_ASSERT_MSG(err, "got a directory");
    /* the limit: 11 bytes pass with 11, not with 10 */
    const char *p = hs_test_tmpfile("eleven.txt", "0123456789\n");
    CU_ASSERT_EQUAL(hs_read_text_file(p, 10, &buf, &len, &err), -1);
    HS_ASSERT_MSG(err, "eleven.txt", "file larger than 10 bytes");
    CU_ASSERT_EQUAL_FATAL(hs_read_text_file(p, 11, &buf, &len, &err), 0);
    CU_ASSERT_EQUAL(len, 11);
    CU_ASSERT_STRING_EQUAL(buf, "0123456789\n");
    free(buf);
    /* bytes with a NUL: binary reads take them, text reads refuse them */
    const char *bin = fresh("nul.bin");
    FILE *f = fopen(bin, "wb");
    CU_ASSERT_FATAL(f != NULL);
    fwrite("ab\0cd", 1, 5, f);
    fclose(f);
    CU_ASSERT_EQUAL(hs_read_text_file(bin, 100, &buf, &len, &err), -1);
    HS_ASSERT_MSG(err, "NUL byte at offset 2");
    CU_ASSERT_EQUAL_FATAL(hs_read_file(bin, 100, 0, &buf, &len, &err), 0);
    CU_ASSERT_EQUAL(len, 5);
    CU_ASSERT_EQUAL(memcmp(buf, "ab\0cd", 5), 0);
    free(buf);
}

static void test_json_value_bound(void)
{
    hs_error err;
    cJSON *root;
    /* 8,000,001 numbers in an array: refused before the tree is built */
    size_t n = 8000001, len = 2 * n + 2;
    char *text = malloc(len + 1);
    CU_ASSERT_FATAL(text != NULL);
    text[0] = '[';
    for (size_t i = 0; i < n; i++) {
        text[1 + 2 * i] = '1';
        text[2 + 2 * i] = i + 1 < n ? ',' : ']';
    }
    text[2 * n + 1] = '\0';
    CU_ASSERT_EQUAL(hs_json_parse("many.json", text, &root, &err), -1);
    HS_ASSERT_MSG(err, "many.json", "expected at most 8000000 JSON values, got about 8000002");
    /* commas inside strings do not count: one string, three values */
    CU_ASSERT_EQUAL_FATAL(hs_json_parse("s.json", "{\"a\": \"x,,,[{\\\",\", \"b\": [1]}", &root,
                                        &err),
                          0);
    cJSON_Delete(root);
    free(text);
}

int hs_suite_files(void)
{
    CU_pSuite s = CU_add_suite("files", NULL, NULL);
    if (!s || !CU_add_test(s, "a new file, a replaced file keeps its mode", test_new_and_replaced_file) ||
        !CU_add_test(s, "a symlink stays, its target is replaced", test_symlink_followed) ||
        !CU_add_test(s, "devices written straight, disk full reported", test_devices_written_straight) ||
        !CU_add_test(s, "SIGINT removes the temporary file", test_sigint_removes_temporary) ||
        !CU_add_test(s, "outputs checked before the work", test_output_check) ||
        !CU_add_test(s, "the bounded reader", test_reader_bounds) ||
        !CU_add_test(s, "JSON values bounded", test_json_value_bound))
        return -1;
    return 0;
}
