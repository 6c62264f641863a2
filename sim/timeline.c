#include "sim/timeline.h"

#include <stdlib.h>
#include <string.h>

int hs_timeline_track(hs_timeline *tl, const char *name)
{
    for (int i = 0; i < tl->n_tracks; i++)
        if (strcmp(tl->tracks[i], name) == 0)
            return i;
    char(*nt)[48] = realloc(tl->tracks, (size_t)(tl->n_tracks + 1) * sizeof *nt);
    if (!nt) {
        tl->oom = 1;
        return -1;
    }
    tl->tracks = nt;
    snprintf(tl->tracks[tl->n_tracks], sizeof tl->tracks[0], "%s", name);
    return tl->n_tracks++;
}

long hs_timeline_span_keyed(hs_timeline *tl, int track, hs_time t0, hs_time t1, int frame,
                            const char *name, const char *cat, int64_t key)
{
    if (track < 0 || tl->oom)
        return -1;
    if (tl->n == tl->cap) {
        size_t nc = tl->cap ? tl->cap * 2 : 4096;
        hs_span *ns = realloc(tl->spans, nc * sizeof *ns);
        if (!ns) {
            tl->oom = 1;
            return -1;
        }
        tl->spans = ns;
        tl->cap = nc;
    }
    hs_span *s = &tl->spans[tl->n];
    s->track = track;
    s->t0 = t0;
    s->t1 = t1 > t0 ? t1 : t0;
    s->frame = frame;
    s->key = key;
    snprintf(s->name, sizeof s->name, "%s", name);
    s->cat = cat;
    return (long)tl->n++;
}

void hs_timeline_span(hs_timeline *tl, int track, hs_time t0, hs_time t1, int frame,
                      const char *name, const char *cat)
{
    hs_timeline_span_keyed(tl, track, t0, t1, frame, name, cat, -1);
}

void hs_timeline_link(hs_timeline *tl, long span, int64_t from, int64_t to)
{
    if (span < 0 || tl->oom || (from < 0 && to < 0))
        return;
    if (tl->n_links == tl->cap_links) {
        size_t nc = tl->cap_links ? tl->cap_links * 2 : 1024;
        hs_tl_link *nl = realloc(tl->links, nc * sizeof *nl);
        if (!nl) {
            tl->oom = 1;
            return;
        }
        tl->links = nl;
        tl->cap_links = nc;
    }
    tl->links[tl->n_links++] = (hs_tl_link){span, from, to};
}

/* JSON string contents: names come from model files, so escape them. */
static void put_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
}

/* Spans in lane order: by track, then start, then index (stable). */
typedef struct ordered {
    int track;
    hs_time t0;
    size_t span;
} ordered;

static int by_track_start(const void *a, const void *b)
{
    const ordered *x = a, *y = b;
    if (x->track != y->track)
        return x->track < y->track ? -1 : 1;
    if (x->t0 != y->t0)
        return x->t0 < y->t0 ? -1 : 1;
    return x->span < y->span ? -1 : x->span > y->span;
}

typedef struct keyed {
    int64_t key;
    size_t span;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->span < y->span ? -1 : x->span > y->span;
}

/* The span keyed `key`, -1 when none or when the key repeats. */
static long find_key(const keyed *k, size_t n, int64_t key)
{
    if (key < 0)
        return -1;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (k[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == n || k[lo].key != key || (lo + 1 < n && k[lo + 1].key == key))
        return -1;
    return (long)k[lo].span;
}

/* Lane of every span (first free lane of its track in start order) and
 * lanes per track; 0, or -1 out of memory. */
static int assign_lanes(const hs_timeline *tl, int *lane, int *n_lanes)
{
    ordered *order = malloc((tl->n ? tl->n : 1) * sizeof *order);
    hs_time *free_at = NULL;
    size_t cap = 0;
    if (!order)
        return -1;
    for (size_t k = 0; k < tl->n; k++)
        order[k] = (ordered){tl->spans[k].track, tl->spans[k].t0, k};
    qsort(order, tl->n, sizeof *order, by_track_start);
    for (int t = 0; t < tl->n_tracks; t++)
        n_lanes[t] = 1;
    for (size_t k = 0; k < tl->n;) {
        int t = tl->spans[order[k].span].track, used = 0;
        for (; k < tl->n && tl->spans[order[k].span].track == t; k++) {
            const hs_span *s = &tl->spans[order[k].span];
            int l = 0;
            while (l < used && free_at[l] > s->t0)
                l++;
            if (l == used) {
                if ((size_t)used == cap) {
                    size_t nc = cap ? cap * 2 : 8;
                    hs_time *nf = realloc(free_at, nc * sizeof *nf);
                    if (!nf) {
                        free(free_at);
                        free(order);
                        return -1;
                    }
                    free_at = nf;
                    cap = nc;
                }
                used++;
            }
            free_at[l] = s->t1;
            lane[order[k].span] = l;
        }
        n_lanes[t] = used > 0 ? used : 1;
    }
    free(free_at);
    free(order);
    return 0;
}

/* The middle of a span, in microseconds (inside it, bounds included). */
static double mid_us(const hs_span *s)
{
    return (double)(s->t0 + (s->t1 - s->t0) / 2) / 1e3;
}

static void put_flow(FILE *f, char ph, long id, int tid, double ts)
{
    fprintf(f, ",\n{\"ph\": \"%c\", \"pid\": 1, \"tid\": %d, \"ts\": %.3f, \"id\": %ld, "
               "\"cat\": \"flow\", \"name\": \"data\", \"bp\": \"e\"}",
            ph, tid, ts, id);
}

int hs_timeline_write(const hs_timeline *tl, FILE *f)
{
    if (tl->oom)
        return -1;
    int *lane = malloc((tl->n ? tl->n : 1) * sizeof *lane);
    int *n_lanes = malloc((size_t)(tl->n_tracks ? tl->n_tracks : 1) * sizeof *n_lanes);
    int *base = malloc((size_t)(tl->n_tracks ? tl->n_tracks : 1) * sizeof *base);
    keyed *keys = malloc((tl->n ? tl->n : 1) * sizeof *keys);
    if (!lane || !n_lanes || !base || !keys || assign_lanes(tl, lane, n_lanes) < 0) {
        free(lane);
        free(n_lanes);
        free(base);
        free(keys);
        return -1;
    }
    fputs("{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n", f);
    fputs("{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": 1, \"args\": {\"name\": \"", f);
    put_escaped(f, tl->title[0] ? tl->title : "hetsim");
    fputs("\"}}", f);
    int tid = 1;
    for (int i = 0; i < tl->n_tracks; i++) {
        base[i] = tid;
        for (int l = 0; l < n_lanes[i]; l++, tid++) {
            fprintf(f, ",\n{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, \"tid\": %d, "
                       "\"args\": {\"name\": \"",
                    tid);
            put_escaped(f, tl->tracks[i]);
            if (l > 0)
                fprintf(f, " (%d)", l + 1);
            fprintf(f, "\"}},\n{\"ph\": \"M\", \"name\": \"thread_sort_index\", \"pid\": 1, "
                       "\"tid\": %d, \"args\": {\"sort_index\": %d}}",
                    tid, tid - 1);
        }
    }
    size_t n_keys = 0;
    for (size_t k = 0; k < tl->n; k++) {
        const hs_span *s = &tl->spans[k];
        fputs(",\n{\"ph\": \"X\", \"pid\": 1, \"name\": \"", f);
        put_escaped(f, s->name);
        fprintf(f, "\", \"cat\": \"%s\", \"tid\": %d, \"ts\": %.3f, \"dur\": %.3f", s->cat,
                base[s->track] + lane[k], (double)s->t0 / 1e3, (double)(s->t1 - s->t0) / 1e3);
        if (s->frame >= 0)
            fprintf(f, ", \"args\": {\"frame\": %d}", s->frame);
        fputc('}', f);
        if (s->key >= 0)
            keys[n_keys++] = (keyed){s->key, k};
    }
    qsort(keys, n_keys, sizeof *keys, by_key);
    long id = 0;
    for (size_t k = 0; k < tl->n_links; k++) {
        const hs_tl_link *ln = &tl->links[k];
        if (ln->span < 0 || (size_t)ln->span >= tl->n)
            continue;
        const hs_span *via = &tl->spans[ln->span];
        int via_tid = base[via->track] + lane[ln->span];
        long from = find_key(keys, n_keys, ln->from), to = find_key(keys, n_keys, ln->to);
        if (from >= 0) {
            const hs_span *p = &tl->spans[from];
            put_flow(f, 's', ++id, base[p->track] + lane[from], mid_us(p));
            put_flow(f, 'f', id, via_tid, mid_us(via));
        }
        if (to >= 0) {
            const hs_span *c = &tl->spans[to];
            put_flow(f, 's', ++id, via_tid, mid_us(via));
            put_flow(f, 'f', id, base[c->track] + lane[to], mid_us(c));
        }
    }
    fputs("\n]}\n", f);
    free(lane);
    free(n_lanes);
    free(base);
    free(keys);
    return ferror(f) ? -1 : 0;
}

void hs_timeline_free(hs_timeline *tl)
{
    free(tl->tracks);
    free(tl->spans);
    free(tl->links);
    memset(tl, 0, sizeof *tl);
}
