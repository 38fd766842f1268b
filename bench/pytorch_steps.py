#!/usr/bin/env python3
"""PyTorch's steps per second on the benchmark problems: float64, one thread,
autograd for the gradient and torch.optim.SGD for the update, the way a
PyTorch user would write the loop.

  pytorch_steps.py [seconds]   prints JSON {name: steps_per_second}, each problem once
  pytorch_steps.py --serve     reads lines "<seconds> <name>" and answers each with one
                               JSON line {"name": ..., "rate": ...}, so the caller can
                               interleave PyTorch's rounds with its own under the same load
"""
import json, sys
import numpy as np
import torch
from timing import rate

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
rng = np.random.default_rng(1)


def relu_loss(Z, y):
    return lambda b: ((y - torch.relu(Z @ b)) ** 2).sum() + 0.01 * (b * b).sum()


def lasso_loss(W, y):
    return lambda b: ((y - W @ b) ** 2).sum() / W.shape[0] + 0.01 * b.abs().sum()


def sgd_step(loss_fn, P):
    """One SGD step as a closure over its own parameters, which persist across rounds."""
    beta = torch.tensor(rng.uniform(-1, 1, P), requires_grad=True)
    opt = torch.optim.SGD([beta], lr=1e-3)
    def step():
        opt.zero_grad()
        loss = loss_fn(beta)
        loss.backward()
        opt.step()
    return step


Z = torch.tensor(rng.uniform(-1, 1, (20, 500)))
q = torch.tensor(rng.uniform(-1, 0, 20))
W = torch.tensor(rng.uniform(-1, 1, (20, 500)))
y = torch.tensor(rng.uniform(-1, 1, 20))
STEPS = {
    "relu-regression 20×500": sgd_step(relu_loss(Z, q), 500),
    "lasso 20×500": sgd_step(lasso_loss(W, y), 500),
}

if len(sys.argv) > 1 and sys.argv[1] == "--serve":
    print(json.dumps({"torch": torch.__version__}), flush=True)
    for line in sys.stdin:
        seconds, name = line.rstrip("\n").split(" ", 1)
        print(json.dumps({"name": name, "rate": rate(STEPS[name], float(seconds))}), flush=True)
else:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    print(json.dumps({"torch": torch.__version__, **{name: rate(step, seconds) for name, step in STEPS.items()}}))
