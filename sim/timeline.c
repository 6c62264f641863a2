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

void hs_timeline_span(hs_timeline *tl, int track, hs_time t0, hs_time t1, int frame,
                      const char *name, const char *cat)
{
    if (track < 0 || tl->oom)
        return;
    if (tl->n == tl->cap) {
        size_t nc = tl->cap ? tl->cap * 2 : 4096;
        hs_span *ns = realloc(tl->spans, nc * sizeof *ns);
        if (!ns) {
            tl->oom = 1;
            return;
        }
        tl->spans = ns;
        tl->cap = nc;
    }
    hs_span *s = &tl->spans[tl->n++];
    s->track = track;
    s->t0 = t0;
    s->t1 = t1;
    s->frame = frame;
    snprintf(s->name, sizeof s->name, "%s", name);
    s->cat = cat;
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

int hs_timeline_write(const hs_timeline *tl, FILE *f)
{
    fputs("{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n", f);
    fputs("{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": 1, \"args\": {\"name\": \"hetsim\"}}",
          f);
    for (int i = 0; i < tl->n_tracks; i++) {
        fprintf(f, ",\n{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, \"tid\": %d, "
                   "\"args\": {\"name\": \"",
                i + 1);
        put_escaped(f, tl->tracks[i]);
        fprintf(f, "\"}},\n{\"ph\": \"M\", \"name\": \"thread_sort_index\", \"pid\": 1, "
                   "\"tid\": %d, \"args\": {\"sort_index\": %d}}",
                i + 1, i);
    }
    for (size_t k = 0; k < tl->n; k++) {
        const hs_span *s = &tl->spans[k];
        fputs(",\n{\"ph\": \"X\", \"pid\": 1, \"name\": \"", f);
        put_escaped(f, s->name);
        fprintf(f, "\", \"cat\": \"%s\", \"tid\": %d, \"ts\": %.3f, \"dur\": %.3f", s->cat,
                s->track + 1, (double)s->t0 / 1e3, (double)(s->t1 - s->t0) / 1e3);
        if (s->frame >= 0)
            fprintf(f, ", \"args\": {\"frame\": %d}", s->frame);
        fputc('}', f);
    }
    fputs("\n]}\n", f);
    return ferror(f) ? -1 : 0;
}

void hs_timeline_free(hs_timeline *tl)
{
    free(tl->tracks);
    free(tl->spans);
    memset(tl, 0, sizeof *tl);
}
