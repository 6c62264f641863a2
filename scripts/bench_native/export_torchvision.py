"""Export torchvision's ResNet-18 and MobileNetV2 (random weights, eval mode,
batch 1, 224x224, opset 13) to ONNX, for scripts/bench_native/run.sh.
Needs Debian's python3-torchvision and python3-onnx.
usage: export_torchvision.py OUTDIR"""
import sys

import torch
import torchvision

out = sys.argv[1]
for name, ctor in (("resnet18", torchvision.models.resnet18), ("mobilenet_v2", torchvision.models.mobilenet_v2)):
    torch.manual_seed(0)
    model = ctor().eval()
    x = torch.randn(1, 3, 224, 224)
    torch.onnx.export(model, x, f"{out}/{name}.onnx", opset_version=13, input_names=["input"],
                      output_names=["output"])
