#include "base/json_read.h"

#include "base/text_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HS_JSON_MAX_FILE ((size_t)256 * 1024 * 1024)
/* A parsed value takes about 80 bytes (a cJSON node and its allocation):
 * 8 million values bound the tree to about 650 MB whatever the file. */
#define HS_JSON_MAX_VALUES 8000000L

/* The number of values in a JSON text, counted cheaply before parsing: one,
 * plus one per comma and per opening bracket outside strings (an upper
 * bound for valid JSON; invalid JSON fails to parse anyway). */
static long count_values(const char *p)
{
    long n = 1;
    int in_str = 0;
    for (; *p; p++) {
        if (in_str) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_str = 0;
        } else if (*p == '"') {
            in_str = 1;
        } else if (*p == ',' || *p == '[' || *p == '{') {
            n++;
        }
    }
    return n;
}

int hs_json_parse(const char *name, const char *text, cJSON **out, hs_error *err)
{
    const char *end = NULL;
    long values = count_values(text);
    if (values > HS_JSON_MAX_VALUES) {
        hs_error_set(err, "%s: expected at most %ld JSON values, got about %ld (not parsed: the "
                          "tree would take about %ld MB of memory)",
                     name, HS_JSON_MAX_VALUES, values, values * 80 / 1000000);
        return -1;
    }
    cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
    if (!root) {
        /* locate the failure as line:column for the user */
        const char *at = end ? end : cJSON_GetErrorPtr();
        int line = 1, col = 1;
        if (at) {
            for (const char *p = text; *p && p < at; p++) {
                if (*p == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
        }
        if (!*text)
            hs_error_set(err, "%s: expected a JSON document, got an empty file", name);
        else
            hs_error_set(err, "%s:%d:%d: expected valid JSON (syntax error or truncated file)",
                         name, line, col);
        return -1;
    }
    *out = root;
    return 0;
}

int hs_json_load_file(const char *path, cJSON **out, hs_error *err)
{
    char *buf;
    if (hs_read_text_file(path, HS_JSON_MAX_FILE, &buf, NULL, err) < 0)
        return -1;
    int rc = hs_json_parse(path, buf, out, err);
    free(buf);
    return rc;
}

void hs_jdescribe(const cJSON *item, char *buf, size_t n)
{
    if (!item)
        snprintf(buf, n, "nothing (missing)");
    else if (cJSON_IsString(item))
        snprintf(buf, n, "\"%.60s\"", item->valuestring);
    else if (cJSON_IsNumber(item)) {
        /* the shortest form that reads back as the same number: 0.99, not 0.98999999999999999 */
        snprintf(buf, n, "%.15g", item->valuedouble);
        if (strtod(buf, NULL) != item->valuedouble)
            snprintf(buf, n, "%.17g", item->valuedouble);
    }
    else if (cJSON_IsBool(item))
        snprintf(buf, n, "%s", cJSON_IsTrue(item) ? "true" : "false");
    else if (cJSON_IsNull(item))
        snprintf(buf, n, "null");
    else if (cJSON_IsArray(item))
        snprintf(buf, n, "an array");
    else if (cJSON_IsObject(item))
        snprintf(buf, n, "an object");
    else
        snprintf(buf, n, "an invalid value");
}

static int fail(hs_jctx *c, const char *path, const char *key, const char *expected,
                const cJSON *got)
{
    char desc[96];
    hs_jdescribe(got, desc, sizeof desc);
    hs_error_set(c->err, "%s: at %s%s%s: expected %s, got %s", c->file, path, key ? "." : "",
                 key ? key : "", expected, desc);
    return -1;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int hs_jobject(hs_jctx *c, const cJSON *obj, const char *path, const char *const *allowed)
{
    if (!cJSON_IsObject(obj))
        return fail(c, path, NULL, "an object", obj);
    /* duplicate keys: sorted, so that an object with many keys costs n log n, not n^2 */
    size_t n = 0;
    for (const cJSON *it = obj->child; it; it = it->next)
        n++;
    if (n > 1) {
        const char **keys = malloc(n * sizeof *keys);
        if (!keys) {
            hs_error_set(c->err, "out of memory");
            return -1;
        }
        size_t i = 0;
        for (const cJSON *it = obj->child; it; it = it->next)
            keys[i++] = it->string ? it->string : "";
        qsort(keys, n, sizeof *keys, cmp_key);
        for (i = 1; i < n; i++)
            if (strcmp(keys[i - 1], keys[i]) == 0) {
                hs_error_set(c->err, "%s: at %s: key \"%s\" appears twice (expected unique keys)",
                             c->file, path, keys[i]);
                free(keys);
                return -1;
            }
        free(keys);
    }
    if (!allowed)
        return 0;
    for (const cJSON *it = obj->child; it; it = it->next) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (it->string && strcmp(it->string, *a) == 0)
                ok = 1;
        if (!ok) {
            char list[512] = "";
            size_t used = 0;
            for (const char *const *a = allowed; *a && used < sizeof list - 64; a++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                         a == allowed ? "" : ", ", *a);
            hs_error_set(c->err, "%s: at %s: unknown key \"%s\" (expected one of: %s)", c->file,
                         path, it->string ? it->string : "?", list);
            return -1;
        }
    }
    return 0;
}

int hs_jheader(hs_jctx *c, const cJSON *root, const char *format, int max_version)
{
    if (!cJSON_IsObject(root))
        return fail(c, "$", NULL, "an object", root);
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(f) || strcmp(f->valuestring, format) != 0) {
        char exp[96];
        snprintf(exp, sizeof exp, "\"%s\"", format);
        return fail(c, "$", "format", exp, f);
    }
    long long v;
    if (hs_jint(c, root, "$", "version", 1, 0, 1, max_version, &v) < 0)
        return -1;
    return 0;
}

/* Unwrap {"value": x, "source": "..."} to x; the source must be a string. */
static const cJSON *unwrap(hs_jctx *c, const cJSON *item, const char *path, int *bad)
{
    *bad = 0;
    if (!cJSON_IsObject(item))
        return item;
    static const char *const keys[] = {"value", "source", "note", NULL};
    if (hs_jobject(c, item, path, keys) < 0) {
        *bad = 1;
        return NULL;
    }
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(item, "source");
    if (src && !cJSON_IsString(src)) {
        char p[512];
        snprintf(p, sizeof p, "%s", path);
        fail(c, p, "source", "a string", src);
        *bad = 1;
        return NULL;
    }
    return cJSON_GetObjectItemCaseSensitive(item, "value");
}

int hs_jnumber_value(hs_jctx *c, const cJSON *item, const char *path, double min, double max,
                     double *out)
{
    int bad;
    const cJSON *v = unwrap(c, item, path, &bad);
    if (bad)
        return -1;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < min ||
        v->valuedouble > max) {
        char exp[128]; /* formatted only on failure: loading is linear in the file, not in printf */
        snprintf(exp, sizeof exp, "a number in [%g, %g]", min, max);
        return fail(c, path, NULL, exp, v ? v : item);
    }
    *out = v->valuedouble;
    return 0;
}

int hs_jnumber(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
               double def, double min, double max, double *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item) {
        if (required) {
            char exp[128];
            snprintf(exp, sizeof exp, "a number in [%g, %g]", min, max);
            return fail(c, path, key, exp, NULL);
        }
        *out = def;
        return 0;
    }
    char p[512];
    snprintf(p, sizeof p, "%s.%s", path, key);
    return hs_jnumber_value(c, item, p, min, max, out);
}

int hs_jint(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
            long long def, long long min, long long max, long long *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    char exp[128] = ""; /* formatted only on failure */
    if (!item) {
        if (required) {
            snprintf(exp, sizeof exp, "an integer in [%lld, %lld]", min, max);
            return fail(c, path, key, exp, NULL);
        }
        *out = def;
        return 0;
    }
    char p[512];
    snprintf(p, sizeof p, "%s.%s", path, key);
    int bad;
    const cJSON *v = unwrap(c, item, p, &bad);
    if (bad)
        return -1;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble != floor(v->valuedouble) ||
        v->valuedouble < (double)min || v->valuedouble > (double)max) {
        snprintf(exp, sizeof exp, "an integer in [%lld, %lld]", min, max);
        return fail(c, p, NULL, exp, v ? v : item);
    }
    *out = (long long)v->valuedouble;
    return 0;
}

int hs_jbool(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
             int def, int *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item) {
        if (required)
            return fail(c, path, key, "true or false", NULL);
        *out = def;
        return 0;
    }
    if (!cJSON_IsBool(item))
        return fail(c, path, key, "true or false", item);
    *out = cJSON_IsTrue(item);
    return 0;
}

int hs_jstring(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
               const char *def, const char **out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item) {
        if (required)
            return fail(c, path, key, "a non-empty string", NULL);
        *out = def;
        return 0;
    }
    if (!cJSON_IsString(item) || !item->valuestring[0])
        return fail(c, path, key, "a non-empty string", item);
    *out = item->valuestring;
    return 0;
}

int hs_jenum(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
             int def, const char *const *choices, int *out)
{
    char exp[256] = "one of ";
    size_t used = strlen(exp);
    for (const char *const *ch = choices; *ch && used < sizeof exp - 32; ch++)
        used += (size_t)snprintf(exp + used, sizeof exp - used, "%s\"%s\"",
                                 ch == choices ? "" : ", ", *ch);
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item) {
        if (required)
            return fail(c, path, key, exp, NULL);
        *out = def;
        return 0;
    }
    if (cJSON_IsString(item))
        for (int i = 0; choices[i]; i++)
            if (strcmp(item->valuestring, choices[i]) == 0) {
                *out = i;
                return 0;
            }
    return fail(c, path, key, exp, item);
}

int hs_jarray(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
              const cJSON **out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item) {
        if (required)
            return fail(c, path, key, "an array", NULL);
        *out = NULL;
        return 0;
    }
    if (!cJSON_IsArray(item))
        return fail(c, path, key, "an array", item);
    *out = item;
    return 0;
}
