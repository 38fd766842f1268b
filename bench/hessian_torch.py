#!/usr/bin/env python3
"""Full 51×51 Hessians per second of the (1,4,7,1) tanh network with L2 loss on
20 points, by torch.autograd.functional.hessian(..., vectorize=True), float64,
one thread. Prints JSON."""
import json, time
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
rng = np.random.default_rng(31)
x = torch.tensor(rng.uniform(-1, 1, (20, 1)))
y = torch.tensor(rng.uniform(-1, 1, (20, 1)))
widths = [1, 4, 7, 1]
sizes = [widths[i] * widths[i - 1] for i in range(1, 4)] + widths[1:]


def loss(p):
    ws, bs, o = [], [], 0
    for i in range(1, 4):
        n = widths[i] * widths[i - 1]
        ws.append(p[o:o + n].reshape(widths[i], widths[i - 1])); o += n
    for i in range(1, 4):
        bs.append(p[o:o + widths[i]]); o += widths[i]
    a = x
    for i in range(3):
        a = a @ ws[i].T + bs[i]
        if i < 2:
            a = torch.tanh(a)
    return ((a - y) ** 2).sum()


p = torch.tensor(rng.uniform(-1, 1, sum(sizes)))
h = lambda: torch.autograd.functional.hessian(loss, p, vectorize=True)
for _ in range(20):
    h()
n, start = 0, time.perf_counter()
while time.perf_counter() - start < 2.0:
    h(); n += 1
print(json.dumps({"torch": torch.__version__, "hessians_per_second": n / (time.perf_counter() - start)}))
