/**
 * The PyTorch peer: which python has torch, and the command for each workload's peer script.
 * Both whole-sample workloads share one peer, PyTorch's naive sampler (bench.ts runs it once).
 */
import { spawnSync } from 'node:child_process';
import type { Workload } from './workloads';

/** The first of `python3`, `/usr/bin/python3` that can `import torch`, or null. */
export function findPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  return null;
}

export function peerCommand(w: Workload, seconds: number): string[] {
  const peer = (script: string, ...args: string[]) => [`bench/peers/${script}`, String(seconds), ...args];
  switch (w) {
    case 'sgemm1024':
      return peer('sgemm.py', '1024');
    case 'sgemm2048':
      return peer('sgemm.py', '2048');
    case 'vae-train':
      return peer('vae.py');
    case 'pixelcnn-train':
      return peer('pixelcnn.py', 'train');
    case 'pixelcnn-sample':
      return peer('pixelcnn.py', 'forward');
    case 'pixelcnn-sample-fast':
    case 'pixelcnn-sample-naive':
      return peer('pixelcnn.py', 'sample');
  }
}
