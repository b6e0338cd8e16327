"""Peer of pixelcnn-train (batch 32, Adam(1e-3)), pixelcnn-sample (`forward`: one forward pass,
batch 16) and pixelcnn-sample-fast/-naive (`sample`: 16 whole images drawn naively, 784 full
passes, x_i ~ Bernoulli(sigmoid(logit_i)), one step, no warm-up): 7×7 mask-A conv (1→64), 5
residual blocks h ← h + conv1x1(relu(conv3x3_B(relu(h)))), head conv1x1(relu(conv1x1(relu(h))));
the architecture and loss of genmodels' PixelCNN (lib/src/models/pixelcnn.ts).
Usage: pixelcnn.py SECONDS train|forward|sample"""
import sys

import torch
import torch.nn.functional as F
from torch import nn

from common import binary_images, measure


class MaskedConv2d(nn.Conv2d):
    def __init__(self, cin, cout, k, mask_type):
        super().__init__(cin, cout, k, padding=k // 2)
        mask = torch.zeros(k, k)
        c = k // 2
        mask[:c, :] = 1
        mask[c, :c] = 1
        if mask_type == "B":
            mask[c, c] = 1
        self.register_buffer("mask", mask[None, None])

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class PixelCNN(nn.Module):
    def __init__(self, channels=64, blocks=5):
        super().__init__()
        self.inp = MaskedConv2d(1, channels, 7, "A")
        self.masked = nn.ModuleList(MaskedConv2d(channels, channels, 3, "B") for _ in range(blocks))
        self.mix = nn.ModuleList(nn.Conv2d(channels, channels, 1) for _ in range(blocks))
        self.hidden = nn.Conv2d(channels, channels, 1)
        self.logit = nn.Conv2d(channels, 1, 1)

    def forward(self, x):
        h = self.inp(x)
        for masked, mix in zip(self.masked, self.mix):
            h = h + mix(F.relu(masked(F.relu(h))))
        return self.logit(F.relu(self.hidden(F.relu(h))))


model = PixelCNN()
if sys.argv[2] == "train":
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = binary_images(32, 1, 28, 28, seed=4)

    def step():
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(x), x, reduction="sum") / x.shape[0]
        loss.backward()
        opt.step()
        loss.item()

    measure(step, 32, "examples/s")
elif sys.argv[2] == "forward":
    x = binary_images(16, 1, 28, 28, seed=5)

    def step():
        with torch.no_grad():
            torch.sigmoid(model(x)).sum().item()

    measure(step, 16, "examples/s")
else:
    def step():
        g = torch.Generator().manual_seed(7)
        x = torch.zeros(16, 1, 28, 28)
        with torch.no_grad():
            for r in range(28):
                for q in range(28):
                    p = torch.sigmoid(model(x)[:, 0, r, q])
                    x[:, 0, r, q] = torch.bernoulli(p, generator=g)
        x.sum().item()

    measure(step, 16, "images/s", warmup=0)
