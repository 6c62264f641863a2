/* hs_strmap: a hash map from strings to ints, for looking names up in
 * expected O(1) (graph tensors and ops, importers' rows, trace ops) where a
 * linear search made loading quadratic in the model's size.
 * Open addressing with linear probing, FNV-1a hashes, at most half full.
 * Keys are borrowed: the caller keeps each key's string alive and unchanged
 * while it is in the map (graph names live as long as the graph). The map
 * owns its arrays; a zeroed map is an empty one; free with hs_strmap_free. */
#ifndef HS_STRMAP_H
#define HS_STRMAP_H

#include <stddef.h>

typedef struct hs_strmap {
    const char **keys; /* NULL: empty slot */
    int *vals;
    size_t cap, n;     /* cap: 0 or a power of two */
} hs_strmap;

void hs_strmap_init(hs_strmap *m);
void hs_strmap_free(hs_strmap *m);
/* The value of `key`, or -1 when absent. */
int hs_strmap_get(const hs_strmap *m, const char *key);
/* Set key -> val (replacing an existing value); 0, or -1 when out of memory
 * (the map is unchanged). */
int hs_strmap_put(hs_strmap *m, const char *key, int val);

#endif
