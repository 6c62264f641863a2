/* hetsim estimate -d DEVICE -P PROCESSOR --ops FILE.csv [-o OUT.csv] [--dtype DT]:
 * the predicted latency of each operator of a table (analysis/estimate.h),
 * the whole table computed before the output is written, atomically
 * (base/atomic_file.h), "-" or no -o meaning stdout. */
#include <stdio.h>
#include <stdlib.h>

#include "analysis/estimate.h"
#include "base/atomic_file.h"
#include "cli/cli.h"
#include "sim/catalog.h"

#define CMD "estimate"

static void usage(FILE *f)
{
    fputs("usage: hetsim estimate -d DEVICE -P PROCESSOR --ops FILE.csv [-o OUT.csv]\n"
          "                       [--dtype fp32|fp16|int8]\n"
          "\n"
          "Predict the latency of each operator of a table on one processor of a device\n"
          "profile: the fitted per-op model where the profile has one for the op's class,\n"
          "else the roofline. Input columns (a header line, any order, more allowed):\n"
          "  name,type,in_c,in_h,in_w,out_c,out_h,out_w,kernel_h,kernel_w,stride_h,stride_w,\n"
          "  group,flops\n"
          "(ONNX op types, batch 1; empty kernel/stride/group = 1, empty flops = derived).\n"
          "Output: the input columns + kernel_us (the kernel alone) + predicted_us (the\n"
          "dispatched latency: kernel + the profile's per-kernel launch and per-op\n"
          "framework overhead) + source (fitted or roofline).\n"
          "\n"
          "  -d, --device NAME|FILE    device profile\n"
          "  -P, --processor NAME      processor name (or kind: cpu, gpu, dsp, npu)\n"
          "      --ops FILE.csv        operator table\n"
          "      --dtype DT            dtype to run in (default: the processor's preferred)\n"
          "  -o, --output FILE         output CSV (default stdout), written atomically\n",
          f);
}

int hs_cmd_estimate(int argc, char **argv)
{
    int rc;
    const char *device = NULL, *proc = NULL, *ops = NULL, *output = "-";
    int want = -1;
    const hs_opt opts[] = {
        HS_OPT_S("device", 'd', &device),
        HS_OPT_S("processor", 'P', &proc),
        HS_OPT_S("ops", 0, &ops),
        HS_OPT_S("output", 'o', &output),
        HS_OPT_E("dtype", 0, &want, hs_dtype_names),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = CMD, .usage = usage, .opts = {opts}, .max_args = 0,
                              .synopsis = "-d DEVICE -P PROCESSOR --ops FILE.csv",
                              .need = {&device, &proc, &ops}};
    if ((rc = hs_cli_parse(&spec, argc, argv, NULL)) != HS_CLI_GO)
        return rc;
    hs_error err;
    const char *ins[] = {device, ops};
    if (hs_output_check(output, ins, 2, &err) < 0)
        return hs_cli_fail(CMD, &err);
    hs_device *d = hs_open_device(device, &err);
    if (!d)
        return hs_cli_fail(CMD, &err);
    int pi;
    hs_dtype dt;
    char *buf = NULL;
    size_t blen = 0;
    FILE *mem = NULL;
    hs_afile af;
    /* the whole table first (nothing half-written, not even on stdout), then the file */
    if (hs_estimate_processor(d, proc, want, &pi, &dt, &err) < 0)
        goto fail;
    if (!(mem = open_memstream(&buf, &blen))) {
        hs_error_set_runtime(&err, "out of memory");
        goto fail;
    }
    int bad = hs_estimate_table(ops, &d->procs[pi], dt, mem, &err);
    fclose(mem);
    if (bad < 0 || hs_afile_open(&af, output, &err) < 0)
        goto fail;
    fwrite(buf, 1, blen, af.f);
    if (hs_afile_commit(&af, &err) < 0)
        goto fail;
    free(buf);
    hs_device_free(d);
    return HS_EXIT_OK;
fail:
    free(buf);
    hs_device_free(d);
    return hs_cli_fail(CMD, &err);
}
