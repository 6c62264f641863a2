/* Provenance of a device profile's numbers, read from their source strings.
 * Every number of a profile is {"value", "source"} or takes the source of
 * the nearest enclosing object with one (docs/profiles.md).
 *
 * Class (hs_provenance): the first word of the source ("measured", "fitted",
 * "calibrated", "derived", "scaled", "assumption"/"assumed"; any other text
 * is a plain citation, "cited"; none is "unsourced").
 * Origin (hs_origin), what a reader asks of a figure: was it
 *  measured  on this SoC (measured; fitted to recorded latencies),
 *  published (cited; calibrated to a published figure; derived from
 *            published figures),
 *  scaled    from a sibling SoC by spec ratios (scaled; derived text that
 *            says "scaled"), or
 *  assumed   (assumption; unsourced; derived text that says "assum").
 *  A derived source that says neither but cites "freqbench", an "op model"
 *  or a "fit" is measured, else published. "scaled" wins over "assum".
 * Counting walks a parsed profile (cJSON); nothing is kept. */
#ifndef HS_PROVENANCE_H
#define HS_PROVENANCE_H

typedef enum {
    HS_PROV_MEASURED = 0, HS_PROV_FITTED, HS_PROV_CALIBRATED, HS_PROV_DERIVED, HS_PROV_SCALED,
    HS_PROV_ASSUMPTION, HS_PROV_CITED, HS_PROV_UNSOURCED, HS_PROV_COUNT
} hs_provenance;
extern const char *const hs_provenance_names[]; /* NULL-terminated */

typedef enum {
    HS_ORIGIN_MEASURED = 0, HS_ORIGIN_PUBLISHED, HS_ORIGIN_SCALED, HS_ORIGIN_ASSUMED,
    HS_ORIGIN_COUNT
} hs_origin;
extern const char *const hs_origin_names[]; /* "measured", "published", "scaled", "assumed" */

/* The class of a source string (NULL or "" is unsourced). */
hs_provenance hs_provenance_of(const char *source);
/* The origin of a source string (see above). */
hs_origin hs_origin_of(const char *source);

struct cJSON;
/* Count the numbers of a profile document per class; $.version is not
 * counted. */
void hs_provenance_count(const struct cJSON *root, int counts[HS_PROV_COUNT]);
/* Per origin, the numbers under $.processors[i] for i < n_procs (a missing
 * processor counts nothing) into procs[i], and the rest of the document
 * (device-level figures: DRAM, links, thermal, power) into rest. */
void hs_origin_count(const struct cJSON *root, int n_procs, int (*procs)[HS_ORIGIN_COUNT],
                     int rest[HS_ORIGIN_COUNT]);
/* Per class, the numbers whose source contains every string of `needles`
 * (NULL-terminated), e.g. {"Liu et al. 2024", "finding 3", NULL}: which
 * numbers a profile took from a cited figure, and how. */
void hs_provenance_count_citing(const struct cJSON *root, const char *const *needles,
                                int counts[HS_PROV_COUNT]);
/* Share (0..1) of origin o among the counts (0 when there are none). */
double hs_origin_share(const int counts[HS_ORIGIN_COUNT], hs_origin o);

#endif
