/* hs_attrs: the named attributes of one op as the model file gives them
 * ("attrs" of an op in a hetsim-model file: perm, axis, epsilon, mode...),
 * kept in file order so that what reads the graph (the native executor,
 * costs) uses them instead of guessing from shapes. A value is a number, a
 * string or an array of numbers; a number is stored as a double (JSON's
 * numbers: exact for integers up to 2^53) and its kind says whether it was
 * integral (HS_AK_INT / HS_AK_INTS: |v| <= 2^53, safe to convert) or not. The list owns its names and
 * values; hs_attrs_free releases them (an all-zero hs_attrs is empty). */
#ifndef HS_ATTRS_H
#define HS_ATTRS_H

#include <stdint.h>

#include "traces/op.h"

typedef struct hs_attr {
    char *name;
    hs_attr_kind kind; /* INT, FLOAT, STRING, INTS or FLOATS */
    int n;             /* number of values (1 for a scalar, 0 for an empty array) */
    double *num;       /* the numbers (NULL for a string or an empty array) */
    char *str;         /* the string (STRING), else NULL */
} hs_attr;

typedef struct hs_attrs {
    int n;
    hs_attr *a;
} hs_attrs;

void hs_attrs_free(hs_attrs *as);
/* Add (or replace) an attribute. Numbers: `n` values (is_list 0: a scalar,
 * n must be 1); the kind is INT(S) when every value is integral, else
 * FLOAT(S). Return 0, or -1 when out of memory. */
int hs_attrs_set_numbers(hs_attrs *as, const char *name, const double *v, int n, int is_list);
int hs_attrs_set_ints(hs_attrs *as, const char *name, const int64_t *v, int n);
int hs_attrs_set_number(hs_attrs *as, const char *name, double v);
int hs_attrs_set_string(hs_attrs *as, const char *name, const char *s);

const hs_attr *hs_attrs_find(const hs_attrs *as, const char *name);
/* A scalar number (or a one-element list) by name; `def` when absent or a string. */
double hs_attrs_number(const hs_attrs *as, const char *name, double def);
/* A string by name; `def` when absent or not a string. */
const char *hs_attrs_string(const hs_attrs *as, const char *name, const char *def);
/* Up to `max` integers of a list (a scalar counts as a list of one) into
 * `out`; returns how many the attribute has (may exceed max), or -1 when it
 * is absent or not made of integers. */
int hs_attrs_ints(const hs_attrs *as, const char *name, int64_t *out, int max);

#endif
