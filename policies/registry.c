/* The one list of policies. Add a line here for a new policy. */
#include <string.h>

#include "policy.h"

extern const hs_policy hs_policy_cpu, hs_policy_gpu, hs_policy_dsp, hs_policy_npu;

const hs_policy *const hs_policy_registry[] = {
    &hs_policy_cpu,
    &hs_policy_gpu,
    &hs_policy_dsp,
    &hs_policy_npu,
    NULL,
};

const hs_policy *hs_policy_find(const char *name)
{
    for (int i = 0; hs_policy_registry[i]; i++)
        if (strcmp(hs_policy_registry[i]->name, name) == 0)
            return hs_policy_registry[i];
    return NULL;
}
