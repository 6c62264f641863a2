#!/usr/bin/python3
"""Convert an ONNX model into a hetsim-model JSON graph (docs/formats.md).

usage: onnx_to_hetsim.py MODEL.onnx [-o OUT.json] [--name NAME]
                         [--description TEXT] [--source TEXT] [--generator TEXT]
                         [--runtime tflite|mace|ort|none]

The conversion itself is hetsim's: this script runs `hetsim import onnx`
(traces/onnx_import.c, the project's one ONNX converter; its rules are in
docs/models.md and its op knowledge in the op table, traces/op.c). It is
kept for the scripts that import it (scripts/zoo/make_zoo.py,
tests/fixtures/onnx/make_fixtures.py) and for its command line. The hetsim
binary is $HETSIM, else the one built in this source tree, else hetsim on
the PATH. The output is deterministic: the same ONNX file gives the same
bytes.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SRC, "scripts"))
import hetsim_bin  # noqa: E402
GENERATOR = "scripts/zoo/onnx_to_hetsim.py"


class ConvertError(Exception):
    pass


def hetsim_binary():
    """The hetsim to run: $HETSIM, the in-tree build, or hetsim on the PATH."""
    found = hetsim_bin.find(SRC)
    if found:
        return found
    raise ConvertError("no hetsim binary: build it (./configure && make) in %s, or set HETSIM"
                       % SRC)


def convert_file(path, name=None, description=None, source=None, generator=GENERATOR,
                 output=None, runtime=None):
    """Run `hetsim import onnx` on `path`. Returns the JSON text, or writes it
    (atomically) to `output` and returns it. `runtime` (tflite, mace, ort,
    none; None: hetsim's default, tflite) is the runtime the graph is lowered
    for (docs/models.md, Lowering). Raises ConvertError with hetsim's
    message (it names the file and the node at fault)."""
    cmd = [hetsim_binary(), "import", "onnx", path]
    for opt, val in (("--name", name), ("--description", description), ("--source", source),
                     ("--generator", generator), ("-o", output), ("--runtime", runtime)):
        if val is not None:
            cmd += [opt, val]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    err = r.stderr.decode("utf-8", "replace")
    if r.returncode != 0:
        raise ConvertError(err.strip() or "hetsim import onnx exited with %d" % r.returncode)
    for line in err.splitlines(True):  # warnings (unknown op types, constant outputs)
        if not line.startswith("hetsim import onnx: "):
            sys.stderr.write(line)
    if output is None:
        return r.stdout.decode("utf-8")
    with open(output, encoding="utf-8") as f:
        return f.read()


def main(argv=None):
    ap = argparse.ArgumentParser(description="Convert an ONNX model to a hetsim-model JSON graph "
                                             "(runs hetsim import onnx).")
    ap.add_argument("model", help="the .onnx file")
    ap.add_argument("-o", "--output", default="-", help="output JSON (default: stdout)")
    ap.add_argument("--name", help="model name (default: the file name without .onnx)")
    ap.add_argument("--description", help="one-line description (default: derived)")
    ap.add_argument("--source", help="where the model definition comes from")
    ap.add_argument("--generator", default=GENERATOR, help="what produced the file")
    ap.add_argument("--runtime", choices=["tflite", "mace", "ort", "none"],
                    help="lower the graph as this runtime does (default: hetsim's, tflite)")
    args = ap.parse_args(argv)
    try:
        text = convert_file(args.model, args.name, description=args.description,
                            source=args.source, generator=args.generator,
                            output=None if args.output == "-" else args.output,
                            runtime=args.runtime)
    except ConvertError as e:
        print("onnx_to_hetsim: %s" % e, file=sys.stderr)
        return 2
    if args.output == "-":
        sys.stdout.write(text)
    else:
        doc = json.loads(text)
        print("wrote %s: %d ops, %.2f GFLOPs, %.2fM params" % (
            args.output, len(doc["ops"]), sum(o["flops"] for o in doc["ops"]) / 1e9,
            sum(o["weight_elems"] for o in doc["ops"]) / 1e6), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
