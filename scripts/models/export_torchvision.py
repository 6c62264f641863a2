"""Export torchvision models (random weights, seed 0, eval mode, batch 1, opset 13) to ONNX,
for scripts/models_table.sh and scripts/models/ort_overhead.sh: models the project's zoo
does not have. Input 1x3x224x224 (inception_v3: 299x299); googlenet and inception_v3
without their auxiliary classifiers. Needs Debian's python3-torchvision and python3-onnx.
usage: export_torchvision.py OUTDIR NAME...   (NAME: a torchvision.models constructor,
       e.g. densenet121 mobilenet_v3_large mnasnet1_0 squeezenet1_1 regnet_y_400mf googlenet)"""
import sys

import torch
import torchvision

out = sys.argv[1]
for name in sys.argv[2:]:
    torch.manual_seed(0)
    kw = {"aux_logits": False, "init_weights": True} if name in ("googlenet", "inception_v3") else {}
    model = getattr(torchvision.models, name)(**kw).eval()
    size = 299 if name == "inception_v3" else 224
    x = torch.randn(1, 3, size, size)
    torch.onnx.export(model, x, f"{out}/{name}.onnx", opset_version=13, input_names=["input"],
                      output_names=["output"])
    print(f"export_torchvision.py: wrote {out}/{name}.onnx", file=sys.stderr)
