"""Peer of vae-train: MLP VAE 784-512-(20)-512-784, Bernoulli decoder, batch 128, Adam(1e-3);
the architecture and loss of genmodels' VAE (lib/src/models/vae.ts; one encoder layer
with 2·20 outputs there, split into mean and log-variance, the same FLOPs). Usage: vae.py SECONDS"""
import torch
import torch.nn.functional as F
from torch import nn

from common import binary_images, measure


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc, self.mu, self.log_var = nn.Linear(784, 512), nn.Linear(512, 20), nn.Linear(512, 20)
        self.dec, self.out = nn.Linear(20, 512), nn.Linear(512, 784)

    def loss(self, x):
        h = F.relu(self.enc(x))
        z_mean, z_log_var = self.mu(h), self.log_var(h)
        z = z_mean + torch.exp(0.5 * z_log_var) * torch.randn_like(z_mean)
        logits = self.out(F.relu(self.dec(z)))
        bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + z_log_var - z_mean ** 2 - z_log_var.exp())
        return (bce + kl) / x.shape[0]


model = VAE()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = binary_images(128, 784, seed=3)


def step():
    opt.zero_grad()
    loss = model.loss(x)
    loss.backward()
    opt.step()
    loss.item()


measure(step, 128, "examples/s")
