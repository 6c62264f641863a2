/* hs_error: a message buffer filled by any function that can fail.
 * Contract: functions that take an hs_error* return 0 on success and -1 on
 * failure, and on failure have written one human-readable line into it
 * ("FILE: at JSON.PATH: expected WHAT, got WHAT"). The caller owns it. */
#ifndef HS_ERROR_H
#define HS_ERROR_H

#define HS_EXIT_OK 0
#define HS_EXIT_RUNTIME 1 /* the run itself failed (I/O, out of memory) */
#define HS_EXIT_INPUT 2   /* bad command line or malformed input file */

typedef struct hs_error {
    char msg[1024];
} hs_error;

void hs_error_set(hs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prepend "prefix: " to an existing message (used to add a file name). */
void hs_error_prefix(hs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
