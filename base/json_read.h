/* Validating readers for the project's JSON files (cJSON underneath).
 * Every getter names the file, the JSON path and what was expected when the
 * value is missing or wrong, e.g.
 *   "devices/x.json: at $.processors[1].peak_gflops.fp16: expected a number > 0, got "fast"".
 * Numbers may be written plain or as {"value": N, "source": "..."} so that
 * profiles can cite a source for every figure. */
#ifndef HS_JSON_READ_H
#define HS_JSON_READ_H

#include <cjson/cJSON.h>
#include <stdint.h>

#include "base/error.h"

typedef struct hs_jctx {
    const char *file; /* shown in messages */
    hs_error *err;
} hs_jctx;

/* Read and parse a whole file; *out is owned by the caller (cJSON_Delete). */
int hs_json_load_file(const char *path, cJSON **out, hs_error *err);
/* Parse a string (fixtures, tests); same messages as for files. */
int hs_json_parse(const char *name, const char *text, cJSON **out, hs_error *err);

/* Check that obj is an object holding only the listed keys (NULL-terminated). */
int hs_jobject(hs_jctx *c, const cJSON *obj, const char *path, const char *const *allowed);
/* Check "format" and "version" of a top-level document. */
int hs_jheader(hs_jctx *c, const cJSON *root, const char *format, int max_version);

/* Getters. `required` = 0 lets a missing key yield the default. */
int hs_jnumber(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
               double def, double min, double max, double *out);
int hs_jint(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
            long long def, long long min, long long max, long long *out);
int hs_jbool(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
             int def, int *out);
/* *out points into the cJSON tree (valid while the tree lives), or is def. */
int hs_jstring(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
               const char *def, const char **out);
/* Index into the NULL-terminated `choices`, or def when missing and not required. */
int hs_jenum(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
             int def, const char *const *choices, int *out);
/* An array (possibly empty), or NULL in *out when missing and not required. */
int hs_jarray(hs_jctx *c, const cJSON *obj, const char *path, const char *key, int required,
              const cJSON **out);
/* A number element (plain or {"value":..}) already in hand. */
int hs_jnumber_value(hs_jctx *c, const cJSON *item, const char *path, double min, double max,
                     double *out);

/* A short description of a JSON value for "got ..." messages. */
void hs_jdescribe(const cJSON *item, char *buf, size_t n);

#endif
