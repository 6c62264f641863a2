/* libFuzzer harness: the tflite importer (hs_import_tflite) on any bytes. The
 * importer reads a path, so the bytes go into an in-memory file. */
#include "tests/fuzz/fuzz_common.h"

#include "traces/importers.h"

HS_FUZZ_IMPORTER(hs_import_tflite)
