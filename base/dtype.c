#include "base/dtype.h"

#include <string.h>

const char *const hs_dtype_names[] = {"fp32", "fp16", "int8", NULL};

const char *hs_dtype_name(hs_dtype d)
{
    return d >= 0 && d < HS_DT_COUNT ? hs_dtype_names[d] : "?";
}

int hs_dtype_size(hs_dtype d)
{
    static const int size[] = {4, 2, 1};
    return d >= 0 && d < HS_DT_COUNT ? size[d] : 4;
}

int hs_dtype_parse(const char *s, hs_dtype *out)
{
    for (int i = 0; i < HS_DT_COUNT; i++)
        if (strcmp(s, hs_dtype_names[i]) == 0) {
            *out = (hs_dtype)i;
            return 0;
        }
    return -1;
}
