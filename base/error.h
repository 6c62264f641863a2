/* hs_error: a message buffer filled by any function that can fail, and what
 * kind of failure it was.
 * Contract: functions that take an hs_error* return 0 (or a pointer) on
 * success and -1 (or NULL) on failure, and on failure have written one
 * human-readable line into it ("FILE: at JSON.PATH: expected WHAT, got
 * WHAT") and its kind. hs_error_set() makes an input error (the default:
 * a malformed file, an unknown name); a failure of the run itself (I/O,
 * out of memory, a native backend) is made with hs_error_set_runtime() or
 * re-marked with hs_error_mark() by the function that knows. Only the
 * command line (cli/) turns kinds into exit statuses. The caller owns it. */
#ifndef HS_ERROR_H
#define HS_ERROR_H

typedef enum hs_error_kind {
    HS_ERR_INPUT = 0,  /* bad input: a malformed file, an unknown name, a refused request */
    HS_ERR_RUNTIME,    /* the run itself failed: I/O, out of memory, a backend */
    HS_ERR_INTERRUPTED /* stopped by SIGINT/SIGTERM; what was kept is in the message */
} hs_error_kind;

typedef struct hs_error {
    char msg[1024];
    hs_error_kind kind;
} hs_error;

/* Write the message; the kind becomes HS_ERR_INPUT. */
void hs_error_set(hs_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Write the message; the kind becomes HS_ERR_RUNTIME. */
void hs_error_set_runtime(hs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Re-mark the kind of a message already written (a step that failed
 * inside a run that had begun is a runtime failure whatever said it). */
void hs_error_mark(hs_error *err, hs_error_kind kind);
/* Prepend "prefix: " to an existing message (used to add a file name);
 * the kind is kept. */
void hs_error_prefix(hs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
