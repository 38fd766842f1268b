#!/usr/bin/env python3
"""The peer of bench/protocol.bench.ts: torch.optim.Adam stepped in-process,
float64, one thread, the gradient set on p.grad before each step() as the
adapter does. Prints JSON {"torch": version, "<P>": steps_per_second, ...}."""
import json, sys
import torch
from timing import rate

torch.set_num_threads(1)


def steps_per_second(P, seconds):
    g = torch.Generator().manual_seed(P)
    p = torch.nn.Parameter(torch.rand(P, generator=g, dtype=torch.float64) * 2 - 1)
    grad = torch.rand(P, generator=g, dtype=torch.float64) * 2 - 1
    opt = torch.optim.Adam([p], lr=1e-3)
    def step():
        p.grad = grad.clone()
        opt.step()
    return rate(step, seconds)


seconds = float(sys.argv[1])
print(json.dumps({"torch": torch.__version__, **{P: steps_per_second(int(P), seconds) for P in sys.argv[2:]}}))
