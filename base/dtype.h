/* Element data types that processors execute (fp32, fp16, int8). */
#ifndef HS_DTYPE_H
#define HS_DTYPE_H

typedef enum { HS_DT_FP32 = 0, HS_DT_FP16, HS_DT_INT8, HS_DT_COUNT } hs_dtype;

extern const char *const hs_dtype_names[]; /* NULL-terminated, indexed by hs_dtype */
const char *hs_dtype_name(hs_dtype d);
int hs_dtype_size(hs_dtype d); /* bytes per element */
/* Returns 0 and sets *out when `s` names a dtype, -1 otherwise. */
int hs_dtype_parse(const char *s, hs_dtype *out);

#endif
