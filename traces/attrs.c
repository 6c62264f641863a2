/* Named attributes of an op (contract in attrs.h). */
#include "traces/attrs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_file.h"

static void attr_clear(hs_attr *a)
{
    free(a->name);
    free(a->num);
    free(a->str);
    memset(a, 0, sizeof *a);
}

void hs_attrs_free(hs_attrs *as)
{
    if (!as)
        return;
    for (int i = 0; i < as->n; i++)
        attr_clear(&as->a[i]);
    free(as->a);
    as->a = NULL;
    as->n = 0;
}

const hs_attr *hs_attrs_find(const hs_attrs *as, const char *name)
{
    for (int i = 0; as && i < as->n; i++)
        if (strcmp(as->a[i].name, name) == 0)
            return &as->a[i];
    return NULL;
}

/* the slot for `name`: the existing one emptied, or a new one */
static hs_attr *slot(hs_attrs *as, const char *name)
{
    for (int i = 0; i < as->n; i++)
        if (strcmp(as->a[i].name, name) == 0) {
            free(as->a[i].num);
            free(as->a[i].str);
            as->a[i].num = NULL;
            as->a[i].str = NULL;
            as->a[i].n = 0;
            return &as->a[i];
        }
    hs_attr *na = realloc(as->a, (size_t)(as->n + 1) * sizeof *na);
    if (!na)
        return NULL;
    as->a = na;
    hs_attr *a = &as->a[as->n];
    memset(a, 0, sizeof *a);
    if (!(a->name = hs_strdup(name)))
        return NULL;
    as->n++;
    return a;
}

int hs_attrs_set_numbers(hs_attrs *as, const char *name, const double *v, int n, int is_list)
{
    if (n < 0 || (!is_list && n != 1))
        return -1;
    hs_attr *a = slot(as, name);
    if (!a)
        return -1;
    int integral = 1;
    if (n > 0) {
        if (!(a->num = malloc((size_t)n * sizeof *a->num)))
            return -1;
        for (int i = 0; i < n; i++) {
            a->num[i] = v[i];
            integral &= isfinite(v[i]) && v[i] == floor(v[i]) && fabs(v[i]) <= 9007199254740992.0;
        }
    }
    a->n = n;
    a->kind = is_list ? (integral ? HS_AK_INTS : HS_AK_FLOATS) : (integral ? HS_AK_INT : HS_AK_FLOAT);
    return 0;
}

int hs_attrs_set_ints(hs_attrs *as, const char *name, const int64_t *v, int n)
{
    double *d = malloc((size_t)(n > 0 ? n : 1) * sizeof *d);
    if (!d)
        return -1;
    for (int i = 0; i < n; i++)
        d[i] = (double)v[i];
    int rc = hs_attrs_set_numbers(as, name, d, n, 1);
    free(d);
    return rc;
}

int hs_attrs_set_number(hs_attrs *as, const char *name, double v)
{
    return hs_attrs_set_numbers(as, name, &v, 1, 0);
}

int hs_attrs_set_string(hs_attrs *as, const char *name, const char *s)
{
    hs_attr *a = slot(as, name);
    if (!a || !(a->str = hs_strdup(s)))
        return -1;
    a->kind = HS_AK_STRING;
    a->n = 1;
    return 0;
}

double hs_attrs_number(const hs_attrs *as, const char *name, double def)
{
    const hs_attr *a = hs_attrs_find(as, name);
    return a && a->kind != HS_AK_STRING && a->n == 1 ? a->num[0] : def;
}

const char *hs_attrs_string(const hs_attrs *as, const char *name, const char *def)
{
    const hs_attr *a = hs_attrs_find(as, name);
    return a && a->kind == HS_AK_STRING ? a->str : def;
}

int hs_attrs_ints(const hs_attrs *as, const char *name, int64_t *out, int max)
{
    const hs_attr *a = hs_attrs_find(as, name);
    if (!a || (a->kind != HS_AK_INT && a->kind != HS_AK_INTS))
        return -1;
    for (int i = 0; i < a->n && i < max; i++)
        out[i] = (int64_t)a->num[i];
    return a->n;
}
