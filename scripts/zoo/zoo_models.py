"""Reference definitions of the zoo models that torchvision does not ship.

Each class is written from the paper (or the authors' reference
implementation) named in its docstring; weights are random, only the
structure matters to hetsim. Module attribute names are chosen so that the
ONNX node names (and therefore the hetsim op names) read well.
"""
import math

import torch
from torch import nn
import torch.nn.functional as F


# --------------------------------------------------------------------------
# YOLOv2 (Redmon & Farhadi, "YOLO9000: Better, Faster, Stronger", CVPR 2017)
# --------------------------------------------------------------------------
class ConvBNLeaky(nn.Module):
    """Darknet "convolutional" block: conv (no bias) + batch norm + leaky ReLU 0.1."""

    def __init__(self, cin, cout, k):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride=1, padding=k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.act = nn.LeakyReLU(0.1)

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Reorg(nn.Module):
    """The passthrough ("reorg") layer: space-to-depth with stride 2,
    26x26xC -> 13x13x4C, so fine features can be concatenated with the
    13x13 ones (YOLO9000 section 2, "Fine-Grained Features")."""

    def forward(self, x):
        b, c, h, w = x.shape
        x = x.view(b, c, h // 2, 2, w // 2, 2)
        x = x.permute(0, 3, 5, 1, 2, 4)
        return x.reshape(b, 4 * c, h // 2, w // 2)


class YOLOv2(nn.Module):
    """YOLOv2 at 416x416 for VOC (5 anchors x (5 + 20 classes) = 125 outputs
    per cell on a 13x13 grid). Darknet-19 backbone (YOLO9000 Table 6) without
    its classifier; three 3x3x1024 detection convolutions; a passthrough from
    the last 26x26x512 layer (through a 1x1x64 convolution as in the authors'
    cfg/yolov2-voc.cfg) reorganised to 13x13x256 and concatenated before the
    last 3x3 convolution. The region (box decoding) layer is post-processing
    and not part of the graph."""

    def __init__(self, num_classes=20, num_anchors=5):
        super().__init__()
        L = ConvBNLeaky
        self.stage1 = nn.Sequential(
            L(3, 32, 3), nn.MaxPool2d(2, 2),
            L(32, 64, 3), nn.MaxPool2d(2, 2),
            L(64, 128, 3), L(128, 64, 1), L(64, 128, 3), nn.MaxPool2d(2, 2),
            L(128, 256, 3), L(256, 128, 1), L(128, 256, 3), nn.MaxPool2d(2, 2),
            L(256, 512, 3), L(512, 256, 1), L(256, 512, 3), L(512, 256, 1), L(256, 512, 3))
        self.stage2 = nn.Sequential(
            nn.MaxPool2d(2, 2),
            L(512, 1024, 3), L(1024, 512, 1), L(512, 1024, 3), L(1024, 512, 1), L(512, 1024, 3),
            L(1024, 1024, 3), L(1024, 1024, 3))
        self.passthrough = L(512, 64, 1)
        self.reorg = Reorg()
        self.head = L(256 + 1024, 1024, 3)
        self.detect = nn.Conv2d(1024, num_anchors * (5 + num_classes), 1)

    def forward(self, x):
        fine = self.stage1(x)
        coarse = self.stage2(fine)
        fine = self.reorg(self.passthrough(fine))
        return self.detect(self.head(torch.cat([fine, coarse], 1)))


# --------------------------------------------------------------------------
# Fast style transfer (Johnson, Alahi & Fei-Fei, "Perceptual Losses for
# Real-Time Style Transfer and Super-Resolution", ECCV 2016), as in the
# reference PyTorch implementation pytorch/examples fast_neural_style/
# neural_style/transformer_net.py (instance normalisation, upsampling by
# nearest Resize + convolution).
# --------------------------------------------------------------------------
class ConvLayer(nn.Module):
    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.pad = nn.ReflectionPad2d(k // 2)
        self.conv = nn.Conv2d(cin, cout, k, stride)

    def forward(self, x):
        return self.conv(self.pad(x))


class ResidualBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = ConvLayer(c, c, 3, 1)
        self.in1 = nn.InstanceNorm2d(c, affine=True)
        self.conv2 = ConvLayer(c, c, 3, 1)
        self.in2 = nn.InstanceNorm2d(c, affine=True)
        self.relu = nn.ReLU()

    def forward(self, x):
        y = self.relu(self.in1(self.conv1(x)))
        return self.in2(self.conv2(y)) + x


class UpsampleConvLayer(nn.Module):
    def __init__(self, cin, cout, k, stride, upsample):
        super().__init__()
        self.upsample = upsample
        self.pad = nn.ReflectionPad2d(k // 2)
        self.conv = nn.Conv2d(cin, cout, k, stride)

    def forward(self, x):
        x = F.interpolate(x, mode="nearest", scale_factor=self.upsample)
        return self.conv(self.pad(x))


class TransformerNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = ConvLayer(3, 32, 9, 1)
        self.in1 = nn.InstanceNorm2d(32, affine=True)
        self.conv2 = ConvLayer(32, 64, 3, 2)
        self.in2 = nn.InstanceNorm2d(64, affine=True)
        self.conv3 = ConvLayer(64, 128, 3, 2)
        self.in3 = nn.InstanceNorm2d(128, affine=True)
        self.res1 = ResidualBlock(128)
        self.res2 = ResidualBlock(128)
        self.res3 = ResidualBlock(128)
        self.res4 = ResidualBlock(128)
        self.res5 = ResidualBlock(128)
        self.deconv1 = UpsampleConvLayer(128, 64, 3, 1, 2)
        self.in4 = nn.InstanceNorm2d(64, affine=True)
        self.deconv2 = UpsampleConvLayer(64, 32, 3, 1, 2)
        self.in5 = nn.InstanceNorm2d(32, affine=True)
        self.deconv3 = ConvLayer(32, 3, 9, 1)
        self.relu = nn.ReLU()

    def forward(self, x):
        y = self.relu(self.in1(self.conv1(x)))
        y = self.relu(self.in2(self.conv2(y)))
        y = self.relu(self.in3(self.conv3(y)))
        y = self.res5(self.res4(self.res3(self.res2(self.res1(y)))))
        y = self.relu(self.in4(self.deconv1(y)))
        y = self.relu(self.in5(self.deconv2(y)))
        return self.deconv3(y)


# --------------------------------------------------------------------------
# PoseNet (Papandreou et al., "PersonLab", ECCV 2018 / "Towards Accurate
# Multi-person Pose Estimation in the Wild", CVPR 2017) as shipped in
# TensorFlow.js tfjs-models/posenet: MobileNetV1 (multiplier 1.0) with output
# stride 16 (later strided layers become atrous), 257x257 input, heads:
# 17 keypoint heatmaps (sigmoid), 34 offsets, 32 forward and 32 backward
# displacements.
# --------------------------------------------------------------------------
# tfjs-models/posenet/src/mobilenet.ts, mobileNet100Architecture
_POSENET_ARCH = [("conv2d", 2, 32), ("separableConv", 1, 64), ("separableConv", 2, 128),
                 ("separableConv", 1, 128), ("separableConv", 2, 256),
                 ("separableConv", 1, 256), ("separableConv", 2, 512)] + \
                [("separableConv", 1, 512)] * 5 + \
                [("separableConv", 2, 1024), ("separableConv", 1, 1024)]


class ConvBNReLU6(nn.Module):
    def __init__(self, cin, cout, k, stride=1, dilation=1, groups=1):
        super().__init__()
        # TF "SAME" padding; symmetric here since every feature map size is odd
        pad = dilation * (k - 1) // 2
        self.conv = nn.Conv2d(cin, cout, k, stride, pad, dilation, groups, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.act = nn.ReLU6()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class SeparableConv(nn.Module):
    def __init__(self, cin, cout, stride, dilation):
        super().__init__()
        self.depthwise = ConvBNReLU6(cin, cin, 3, stride, dilation, groups=cin)
        self.pointwise = ConvBNReLU6(cin, cout, 1)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))


class PoseNet(nn.Module):
    def __init__(self, output_stride=16, keypoints=17, edges=16):
        super().__init__()
        layers, cin, stride, rate = [], 3, 1, 1
        for kind, s, cout in _POSENET_ARCH:
            if stride == output_stride:  # atrous from here on (mobilenet.ts toOutputStridedLayers)
                layer_stride, layer_rate, rate = 1, rate, rate * s
            else:
                layer_stride, layer_rate, stride = s, 1, stride * s
            if kind == "conv2d":
                layers.append(ConvBNReLU6(cin, cout, 3, layer_stride))
            else:
                layers.append(SeparableConv(cin, cout, layer_stride, layer_rate))
            cin = cout
        self.backbone = nn.Sequential(*layers)
        self.heatmap = nn.Conv2d(cin, keypoints, 1)
        self.offset = nn.Conv2d(cin, 2 * keypoints, 1)
        self.displacement_fwd = nn.Conv2d(cin, 2 * edges, 1)
        self.displacement_bwd = nn.Conv2d(cin, 2 * edges, 1)

    def forward(self, x):
        f = self.backbone(x)
        return (torch.sigmoid(self.heatmap(f)), self.offset(f), self.displacement_fwd(f),
                self.displacement_bwd(f))


# --------------------------------------------------------------------------
# BERT-base (Devlin et al., "BERT: Pre-training of Deep Bidirectional
# Transformers for Language Understanding", NAACL 2019): 12 layers, hidden
# 768, 12 heads, feed-forward 3072, GELU, vocabulary 30522 (WordPiece), 512
# positions, 2 segments, post-LayerNorm, pooler (tanh on the first token).
# --------------------------------------------------------------------------
class SelfAttention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads, self.head_dim = heads, hidden // heads
        self.q = nn.Linear(hidden, hidden)
        self.k = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, hidden)

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.head_dim).permute(0, 2, 1, 3)

    def forward(self, x, mask):
        b, s, h = x.shape
        q, k, v = self.split(self.q(x)), self.split(self.k(x)), self.split(self.v(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v)
        return self.out(ctx.permute(0, 2, 1, 3).reshape(b, s, h))


class EncoderLayer(nn.Module):
    def __init__(self, hidden, heads, ffn):
        super().__init__()
        self.attn = SelfAttention(hidden, heads)
        self.ln1 = nn.LayerNorm(hidden, eps=1e-12)
        self.ffn_in = nn.Linear(hidden, ffn)
        self.gelu = nn.GELU()
        self.ffn_out = nn.Linear(ffn, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x, mask):
        x = self.ln1(x + self.attn(x, mask))
        return self.ln2(x + self.ffn_out(self.gelu(self.ffn_in(x))))


class Bert(nn.Module):
    def __init__(self, vocab=30522, hidden=768, layers=12, heads=12, ffn=3072, max_pos=512,
                 segments=2):
        super().__init__()
        self.word_emb = nn.Embedding(vocab, hidden)
        self.pos_emb = nn.Embedding(max_pos, hidden)
        self.seg_emb = nn.Embedding(segments, hidden)
        self.emb_ln = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList(EncoderLayer(hidden, heads, ffn) for _ in range(layers))
        self.pooler = nn.Linear(hidden, hidden)
        self.pooler_act = nn.Tanh()

    def forward(self, input_ids, token_type_ids, attention_mask):
        seq = input_ids.shape[1]
        pos = torch.arange(seq, dtype=torch.long).unsqueeze(0)
        x = self.word_emb(input_ids) + self.pos_emb(pos) + self.seg_emb(token_type_ids)
        x = self.emb_ln(x)
        mask = (1.0 - attention_mask[:, None, None, :].float()) * -10000.0
        for layer in self.layers:
            x = layer(x, mask)
        return x, self.pooler_act(self.pooler(x[:, 0]))
