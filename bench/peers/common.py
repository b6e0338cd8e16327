"""Shared timing for the PyTorch peers: the same rule as bench/run-one.ts (`warmup` steps, one
by default, then steps until SECONDS have passed, at least one), printing one JSON line."""
import json
import os
import resource
import sys
import time

import torch

# Same threads as ours: every core, or GENMODELS_THREADS (torch here defaults to 1 under OpenMP).
torch.set_num_threads(int(os.environ.get("GENMODELS_THREADS") or len(os.sched_getaffinity(0))))


def measure(step, per_step, unit, warmup=1):
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    for _ in range(warmup):
        step()
    steps, t0 = 0, time.perf_counter()
    while steps == 0 or time.perf_counter() - t0 < seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rate": steps * per_step / elapsed, "unit": unit, "steps": steps,
                      "peakMB": peak_mb, "threads": torch.get_num_threads()}))


def binary_images(*shape, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(*shape, generator=g) < 0.13).float()
