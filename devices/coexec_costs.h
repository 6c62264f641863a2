/* hs_coexec: a device profile's measured co-execution costs, the top-level
 * "coexec" block (docs/profiles.md) that hetsim native probe writes:
 *   "coexec": {
 *     "sync_us":             {"value": x, "source": ".."},  per meeting at a split
 *     "split_dispatch_us":   {"value": x, "source": ".."},  per extra partial kernel
 *     "convert_ns_per_byte": {"value": x, "source": ".."},  conversion at an exchange
 *     "interference": {"cpu": {"value": f, "source": ".."},
 *                      "accel": {"value": f, "source": ".."}},  slowdown >= 1 while co-running
 *     "wait": "spin" | "yield"                               how a waiting thread waits
 *   }
 * Every key is required and every number must carry its source. Absent
 * block: present = 0 (phone profiles). */
#ifndef HS_COEXEC_COSTS_H
#define HS_COEXEC_COSTS_H

#include "base/json_read.h"

typedef enum { HS_WAIT_SPIN = 0, HS_WAIT_YIELD } hs_wait_kind;
extern const char *const hs_wait_kind_names[]; /* "spin", "yield" */

typedef struct hs_coexec {
    int present;
    double sync_us, split_dispatch_us, convert_ns_per_byte;
    double interference_cpu, interference_accel;
    hs_wait_kind wait;
} hs_coexec;

/* Read root's "coexec" (if any) into *out: 0, or -1 with c->err naming the
 * file, the path and what was expected. */
int hs_coexec_read(hs_jctx *c, const cJSON *root, hs_coexec *out);

#endif
