/* Where hetsim finds its data (device profiles, model graphs, traces).
 * Search order: the directories in $HETSIM_DATA (colon-separated), then
 * the source tree when the binary runs from its build directory, then the
 * installed $(pkgdatadir). Inside each: devices/NAME.json,
 * traces/models/NAME.json, traces/DEVICE/MODEL/PROCESSOR.json. */
#ifndef HS_DATAPATH_H
#define HS_DATAPATH_H

#include <stddef.h>

/* Find data file `rel` (e.g. "devices/xiaomi-mi9.json"); 0 and the path, or -1. */
int hs_data_find(const char *rel, char *out, size_t n);
/* Names (file names without .json) of the files in `subdir` over all data
 * directories, sorted, without duplicates. Caller frees each and the array. */
int hs_data_list(const char *subdir, char ***names, int *n);
/* The search directories, for messages. */
void hs_data_describe(char *out, size_t n);
/* True when `arg` is a path rather than a catalogue name. */
int hs_is_path(const char *arg);

#endif
