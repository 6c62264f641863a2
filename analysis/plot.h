/* Plotting hooks through the Python C API: hetsim embeds the system's
 * Python, turns a results file into Python objects (a CSV into a list of
 * dicts, numbers as floats; a JSON document into dicts and lists) and calls
 * plot(kind, data, out) of a hook module: analysis/plots.py by default, or
 * the user's own file. The hook draws with matplotlib into `out` (the
 * extension picks PNG, PDF or SVG). A ValueError from the hook refuses the
 * input: its message becomes an input error (no traceback); any other
 * exception prints the Python traceback and is a runtime error. Without Python at build time
 * hs_plot says plotting is unavailable. */
#ifndef HS_PLOT_H
#define HS_PLOT_H

#include "base/error.h"

/* `hook` may be NULL for the built-in hooks. 0, or -1 with err. */
int hs_plot(const char *kind, const char *input, const char *out, const char *hook,
            hs_error *err);
/* 1 when this build can plot. */
int hs_plot_available(void);

#endif
