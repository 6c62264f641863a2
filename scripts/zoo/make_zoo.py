#!/usr/bin/python3
"""Build hetsim's model zoo: traces/models/NAME.json for every reference model.

Each model is built in PyTorch with random weights (eval mode), exported to
ONNX (opset 17, static shapes, constant folding, which also folds batch norm
into the preceding convolution), checked by onnx, and converted by hetsim's
own importer (`hetsim import onnx`, through onnx_to_hetsim.py) at ONNX op
granularity (`--runtime none` by default, RUNTIME below; `--runtime tflite`
lowers as TFLite does, docs/models.md "Lowering": the zoo stays unlowered
because the study's findings count operators at that granularity and the
shipped traces are keyed on its ops): once to learn its FLOPs and
parameters for the description, once more to write it.
The output depends only on the model definitions and the library versions
named in each file's "source", never on the random weights: a rerun writes
the same bytes.

usage: /usr/bin/python3 scripts/zoo/make_zoo.py [-o traces/models] [--keep-onnx DIR] [MODEL...]

Needs a built hetsim (./configure && make, or $HETSIM), python3-torch,
python3-torchvision, python3-onnx and python3-numpy (Debian).
"""
import argparse
import json
import os
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402
import torchvision  # noqa: E402
import onnx  # noqa: E402

import onnx_to_hetsim  # noqa: E402
import zoo_models  # noqa: E402

VERSION = "1.0"
OPSET = 17
RUNTIME = "none"  # the lowering (hetsim import onnx --runtime); see the docstring
TV = "torchvision %s" % torchvision.__version__


def _tv(fn, **kw):
    def build():
        return getattr(torchvision.models, fn)(weights=None, **kw)
    return build


def _image(h, w=None):
    return lambda: (torch.randn(1, 3, h, w or h),)


def _bert_inputs(seq=128):
    def make():
        g = torch.Generator().manual_seed(0)
        return (torch.randint(0, 30522, (1, seq), generator=g),
                torch.zeros(1, seq, dtype=torch.long),
                torch.ones(1, seq, dtype=torch.long))
    return make


# name -> (builder, example inputs, input names, output names, what, source)
MODELS = {
    "resnet50": (_tv("resnet50"), _image(224), ["input"], ["logits"],
                 "ResNet-50 image classifier (ImageNet, 1000 classes)",
                 "%s resnet50 (He et al., Deep Residual Learning for Image Recognition, "
                 "CVPR 2016)" % TV),
    "vgg16": (_tv("vgg16"), _image(224), ["input"], ["logits"],
              "VGG-16 image classifier (ImageNet, 1000 classes)",
              "%s vgg16 (Simonyan & Zisserman, Very Deep Convolutional Networks for "
              "Large-Scale Image Recognition, ICLR 2015)" % TV),
    "mobilenet-v2": (_tv("mobilenet_v2"), _image(224), ["input"], ["logits"],
                     "MobileNetV2 1.0 image classifier (ImageNet, 1000 classes)",
                     "%s mobilenet_v2 (Sandler et al., MobileNetV2: Inverted Residuals and "
                     "Linear Bottlenecks, CVPR 2018)" % TV),
    "inception-v3": (_tv("inception_v3", aux_logits=False, init_weights=True), _image(299),
                     ["input"], ["logits"],
                     "Inception-v3 image classifier (ImageNet, 1000 classes, no auxiliary head)",
                     "%s inception_v3 with aux_logits=False (Szegedy et al., Rethinking the "
                     "Inception Architecture for Computer Vision, CVPR 2016)" % TV),
    "yolov2": (zoo_models.YOLOv2, _image(416), ["input"], ["detections"],
               "YOLOv2 object detector (VOC: 13x13 grid, 5 anchors, 20 classes; "
               "box decoding not included)",
               "Redmon & Farhadi, YOLO9000: Better, Faster, Stronger, CVPR 2017; layers of "
               "darknet cfg/yolov2-voc.cfg; scripts/zoo/zoo_models.py YOLOv2"),
    "fast-style-transfer": (zoo_models.TransformerNet, _image(256), ["input"], ["stylized"],
                            "Fast neural style transfer network (instance norm, "
                            "nearest upsampling + conv)",
                            "Johnson et al., Perceptual Losses for Real-Time Style Transfer and "
                            "Super-Resolution, ECCV 2016; as pytorch/examples "
                            "fast_neural_style/neural_style/transformer_net.py; "
                            "scripts/zoo/zoo_models.py TransformerNet"),
    "posenet": (zoo_models.PoseNet, _image(257), ["input"],
                ["heatmaps", "offsets", "displacement_fwd", "displacement_bwd"],
                "PoseNet single/multi-person pose estimator, MobileNetV1 1.0 backbone, "
                "output stride 16",
                "TensorFlow.js tfjs-models/posenet (MobileNetV1, mobileNet100Architecture, "
                "output stride 16; Papandreou et al., PersonLab, ECCV 2018); "
                "scripts/zoo/zoo_models.py PoseNet"),
    "bert-base": (zoo_models.Bert, _bert_inputs(128),
                  ["input_ids", "token_type_ids", "attention_mask"],
                  ["sequence_output", "pooled_output"],
                  "BERT-base encoder (12 layers, hidden 768, 12 heads) with embeddings and pooler",
                  "Devlin et al., BERT: Pre-training of Deep Bidirectional Transformers for "
                  "Language Understanding, NAACL 2019 (BERT-base, uncased vocabulary 30522); "
                  "scripts/zoo/zoo_models.py Bert"),
}


def export(name, path):
    build, make_inputs, in_names, out_names, _, _ = MODELS[name]
    torch.manual_seed(0)
    model = build().eval()
    inputs = make_inputs()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, inputs, path, opset_version=OPSET, do_constant_folding=True,
                          input_names=in_names, output_names=out_names,
                          training=torch.onnx.TrainingMode.EVAL)
    onnx.checker.check_model(onnx.load(path))


def _shape_text(shape):
    return "x".join(str(d) for d in shape)


def build_one(name, out_dir, onnx_dir, keep=False):
    _, _, _, _, what, source = MODELS[name]
    onnx_path = os.path.join(onnx_dir, name + ".onnx")
    export(name, onnx_path)
    gen = "scripts/zoo/make_zoo.py %s" % VERSION
    doc = json.loads(onnx_to_hetsim.convert_file(onnx_path, name, source=source, generator=gen,
                                                 runtime=RUNTIME))
    flops = sum(op["flops"] for op in doc["ops"])
    params = sum(op["weight_elems"] for op in doc["ops"])
    ins = ", ".join(_shape_text(i["shape"]) for i in doc["inputs"])
    description = "%s; input %s; %.2f GFLOPs (%.2f GMACs); %.2fM params%s" % (
        what, ins, flops / 1e9, flops / 2e9, params / 1e6,
        "; lowered for %s" % RUNTIME if RUNTIME != "none" else "")
    out = os.path.join(out_dir, name + ".json")
    onnx_to_hetsim.convert_file(onnx_path, name, description=description, source=source,
                                generator=gen, output=out, runtime=RUNTIME)
    print("wrote %s: %d ops, %.2f GFLOPs, %.2fM params%s" % (
        out, len(doc["ops"]), flops / 1e9, params / 1e6,
        " (ONNX kept in %s)" % onnx_path if keep else ""))


def main(argv=None):
    global RUNTIME
    ap = argparse.ArgumentParser(description="Build the hetsim model zoo (traces/models/*.json).")
    ap.add_argument("models", nargs="*", metavar="MODEL",
                    help="models to build (default: all): " + ", ".join(MODELS))
    ap.add_argument("-o", "--out-dir", default=os.path.join(HERE, "..", "..", "traces", "models"),
                    help="where to write NAME.json (default: traces/models)")
    ap.add_argument("--keep-onnx", metavar="DIR",
                    help="keep the exported NAME.onnx files in DIR (never commit them)")
    ap.add_argument("--runtime", default=RUNTIME, choices=["none", "tflite", "mace", "ort"],
                    help="lower the graphs as this runtime does (default: none, the zoo as "
                         "shipped; docs/models.md, Lowering)")
    args = ap.parse_args(argv)
    RUNTIME = args.runtime
    names = args.models or list(MODELS)
    for n in names:
        if n not in MODELS:
            ap.error("unknown model %r (known: %s)" % (n, ", ".join(MODELS)))
    out_dir = os.path.normpath(args.out_dir)
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    if args.keep_onnx:
        os.makedirs(args.keep_onnx, exist_ok=True)
        for n in names:
            build_one(n, out_dir, args.keep_onnx, keep=True)
    else:
        with tempfile.TemporaryDirectory(prefix="hetsim-zoo-") as d:
            for n in names:
                build_one(n, out_dir, d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
