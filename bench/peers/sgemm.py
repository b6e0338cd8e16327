"""Peer of the sgemm workloads: C = A·B for N×N float32 matrices. Usage: sgemm.py SECONDS N"""
import sys

import torch

from common import measure

n = int(sys.argv[2])
a, b = torch.randn(n, n), torch.randn(n, n)
measure(lambda: torch.mm(a, b), 2 * n ** 3 / 1e9, "GFLOP/s")
