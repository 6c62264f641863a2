/* The profile's "coexec" block (coexec_costs.h). */
#include "devices/coexec_costs.h"

#include <stdio.h>
#include <string.h>

const char *const hs_wait_kind_names[] = {"spin", "yield", NULL};

/* key: {"value": number in [min, max], "source": string} */
static int sourced(hs_jctx *c, const cJSON *obj, const char *path, const char *key, double min,
                   double max, double *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    const cJSON *src = it ? cJSON_GetObjectItemCaseSensitive(it, "source") : NULL;
    if (it && (!cJSON_IsObject(it) || !cJSON_IsString(src))) {
        char got[96];
        hs_jdescribe(it, got, sizeof got);
        hs_error_set(c->err, "%s: at %s.%s: expected {\"value\": a number, \"source\": \"how it "
                             "was measured\"}, got %s",
                     c->file, path, key, got);
        return -1;
    }
    return hs_jnumber(c, obj, path, key, 1, 0, min, max, out);
}

int hs_coexec_read(hs_jctx *c, const cJSON *root, hs_coexec *out)
{
    static const char *const keys[] = {"sync_us", "split_dispatch_us", "convert_ns_per_byte",
                                       "interference", "wait", "source", "note", NULL};
    static const char *const ikeys[] = {"cpu", "accel", "source", "note", NULL};
    memset(out, 0, sizeof *out);
    const cJSON *cj = cJSON_GetObjectItemCaseSensitive(root, "coexec");
    if (!cj)
        return 0;
    const cJSON *in;
    int wait;
    if (hs_jobject(c, cj, "$.coexec", keys) < 0 ||
        sourced(c, cj, "$.coexec", "sync_us", 0, 1e6, &out->sync_us) < 0 ||
        sourced(c, cj, "$.coexec", "split_dispatch_us", 0, 1e6, &out->split_dispatch_us) < 0 ||
        sourced(c, cj, "$.coexec", "convert_ns_per_byte", 0, 1e3, &out->convert_ns_per_byte) <
            0)
        return -1;
    in = cJSON_GetObjectItemCaseSensitive(cj, "interference");
    if (!in) {
        hs_error_set(c->err, "%s: at $.coexec.interference: expected {\"cpu\": .., \"accel\": "
                             "..} (slowdown factors >= 1 while both run), got nothing",
                     c->file);
        return -1;
    }
    if (hs_jobject(c, in, "$.coexec.interference", ikeys) < 0 ||
        sourced(c, in, "$.coexec.interference", "cpu", 1, 100, &out->interference_cpu) < 0 ||
        sourced(c, in, "$.coexec.interference", "accel", 1, 100, &out->interference_accel) < 0 ||
        hs_jenum(c, cj, "$.coexec", "wait", 1, 0, hs_wait_kind_names, &wait) < 0)
        return -1;
    out->wait = (hs_wait_kind)wait;
    out->present = 1;
    return 0;
}
