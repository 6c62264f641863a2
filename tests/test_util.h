/* Helpers shared by the CUnit suites: temporary files and error-message checks.
 * Suites register themselves in test_main.c (one line each). */
#ifndef HS_TEST_UTIL_H
#define HS_TEST_UTIL_H

#include <CUnit/CUnit.h>

#include "base/error.h"

#ifndef HS_TEST_FIXTURES
#define HS_TEST_FIXTURES "tests/fixtures"
#endif

/* Write `text` to a fresh temporary file; returns its path (static buffer
 * rotated over 8 slots) or NULL. Files are removed at exit. */
const char *hs_test_tmpfile(const char *name, const char *text);
/* Path of a fixture file (static buffer rotated over 8 slots). */
const char *hs_test_fixture(const char *name);
/* True when `msg` contains every NULL-terminated needle; prints it otherwise. */
int hs_test_msg_has(const char *msg, ...);

#define HS_ASSERT_MSG(err, ...) CU_ASSERT(hs_test_msg_has((err).msg, __VA_ARGS__, (char *)NULL))

#endif
