/* Provenance of a profile's numbers from their source strings (provenance.h). */
#include "devices/provenance.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

const char *const hs_provenance_names[] = {"measured", "fitted", "calibrated", "derived", "scaled",
                                           "assumption", "cited", "unsourced", NULL};
const char *const hs_origin_names[] = {"measured", "published", "scaled", "assumed", NULL};

hs_provenance hs_provenance_of(const char *source)
{
    static const struct {
        const char *word;
        hs_provenance p;
    } words[] = {{"measured", HS_PROV_MEASURED},     {"fitted", HS_PROV_FITTED},
                 {"calibrated", HS_PROV_CALIBRATED}, {"derived", HS_PROV_DERIVED},
                 {"scaled", HS_PROV_SCALED},         {"assumption", HS_PROV_ASSUMPTION},
                 {"assumed", HS_PROV_ASSUMPTION}};
    if (!source || !*source)
        return HS_PROV_UNSOURCED;
    size_t n = strcspn(source, " :;,(");
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].word) == n && strncasecmp(source, words[i].word, n) == 0)
            return words[i].p;
    return HS_PROV_CITED;
}

/* Case-insensitive substring test. */
static int has(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++)
        if (strncasecmp(s, word, n) == 0)
            return 1;
    return 0;
}

hs_origin hs_origin_of(const char *source)
{
    switch (hs_provenance_of(source)) {
    case HS_PROV_MEASURED:
    case HS_PROV_FITTED:
        return HS_ORIGIN_MEASURED;
    case HS_PROV_CALIBRATED:
    case HS_PROV_CITED:
        return HS_ORIGIN_PUBLISHED;
    case HS_PROV_SCALED:
        return HS_ORIGIN_SCALED;
    case HS_PROV_ASSUMPTION:
    case HS_PROV_UNSOURCED:
    case HS_PROV_COUNT:
        return HS_ORIGIN_ASSUMED;
    case HS_PROV_DERIVED:
        break;
    }
    if (has(source, "scaled"))
        return HS_ORIGIN_SCALED;
    if (has(source, "assum"))
        return HS_ORIGIN_ASSUMED;
    if (has(source, "freqbench") || has(source, "op model") || has(source, "fit"))
        return HS_ORIGIN_MEASURED;
    return HS_ORIGIN_PUBLISHED;
}

static const char *source_of(const cJSON *obj)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(obj, "source");
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

/* Call fn(source, ctx) once per number under item, `src` being the source
 * in force; depth 0 is the document ($.version is skipped). */
typedef void (*number_fn)(const char *source, void *ctx);

static void each_number(const cJSON *item, const char *src, int depth, number_fn fn, void *ctx)
{
    if (cJSON_IsNumber(item)) {
        fn(src, ctx);
        return;
    }
    if (cJSON_IsObject(item)) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, "value");
        const char *own = source_of(item);
        if (v && cJSON_IsNumber(v)) { /* {"value": N, "source": S} */
            fn(own ? own : src, ctx);
            return;
        }
        if (own)
            src = own;
    }
    if (cJSON_IsObject(item) || cJSON_IsArray(item))
        for (const cJSON *e = item->child; e; e = e->next) {
            if (depth == 0 && e->string && strcmp(e->string, "version") == 0)
                continue;
            each_number(e, src, depth + 1, fn, ctx);
        }
}

static void count_class(const char *source, void *ctx)
{
    ((int *)ctx)[hs_provenance_of(source)]++;
}

static void count_origin(const char *source, void *ctx)
{
    ((int *)ctx)[hs_origin_of(source)]++;
}

void hs_provenance_count(const cJSON *root, int counts[HS_PROV_COUNT])
{
    for (int i = 0; i < HS_PROV_COUNT; i++)
        counts[i] = 0;
    each_number(root, NULL, 0, count_class, counts);
}

void hs_origin_count(const cJSON *root, int n_procs, int (*procs)[HS_ORIGIN_COUNT],
                     int rest[HS_ORIGIN_COUNT])
{
    for (int p = 0; p < n_procs; p++)
        for (int o = 0; o < HS_ORIGIN_COUNT; o++)
            procs[p][o] = 0;
    for (int o = 0; o < HS_ORIGIN_COUNT; o++)
        rest[o] = 0;
    if (!cJSON_IsObject(root))
        return;
    const char *src = source_of(root);
    for (const cJSON *e = root->child; e; e = e->next) {
        if (e->string && strcmp(e->string, "version") == 0)
            continue;
        if (e->string && strcmp(e->string, "processors") == 0 && cJSON_IsArray(e)) {
            int p = 0;
            for (const cJSON *pr = e->child; pr; pr = pr->next, p++)
                each_number(pr, src, 2, count_origin, p < n_procs ? procs[p] : rest);
            continue;
        }
        each_number(e, src, 1, count_origin, rest);
    }
}

typedef struct {
    const char *const *needles;
    int *counts;
} citing;

static void count_citing(const char *source, void *ctx)
{
    citing *c = ctx;
    if (!source)
        return;
    for (int i = 0; c->needles[i]; i++)
        if (!strstr(source, c->needles[i]))
            return;
    c->counts[hs_provenance_of(source)]++;
}

void hs_provenance_count_citing(const cJSON *root, const char *const *needles,
                                int counts[HS_PROV_COUNT])
{
    for (int i = 0; i < HS_PROV_COUNT; i++)
        counts[i] = 0;
    citing c = {needles, counts};
    each_number(root, NULL, 0, count_citing, &c);
}

double hs_origin_share(const int counts[HS_ORIGIN_COUNT], hs_origin o)
{
    int total = 0;
    for (int i = 0; i < HS_ORIGIN_COUNT; i++)
        total += counts[i];
    return total ? (double)counts[o] / total : 0;
}
