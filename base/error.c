#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void hs_error_set(hs_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->kind = HS_ERR_INPUT;
}

void hs_error_set_runtime(hs_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->kind = HS_ERR_RUNTIME;
}

void hs_error_mark(hs_error *err, hs_error_kind kind)
{
    if (err)
        err->kind = kind;
}

void hs_error_prefix(hs_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char head[512], old[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    size_t hl = strlen(head), ol = strlen(old);
    if (hl + 2 >= sizeof err->msg)
        hl = sizeof err->msg - 3;
    memcpy(err->msg, head, hl);
    memcpy(err->msg + hl, ": ", 2);
    if (hl + 2 + ol >= sizeof err->msg)
        ol = sizeof err->msg - hl - 3;
    memcpy(err->msg + hl + 2, old, ol);
    err->msg[hl + 2 + ol] = '\0';
}
