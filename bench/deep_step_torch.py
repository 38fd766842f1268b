#!/usr/bin/env python3
"""Milliseconds per training step of the smoke-tier networks in PyTorch on CPU
(two threads, float32): the same VGG-like CNNs (3×3 convs, average pooling,
ReLU) and an MLP, batch 32 of 14×14 images, SGD. Prints JSON {name: ms}."""
import json, sys, time
import torch
import torch.nn as nn

torch.set_num_threads(2)
torch.manual_seed(0)


def vgg(cfg, bn):
    layers, c = [], 1
    for v in cfg:
        if v == 'A':
            layers.append(nn.AvgPool2d(2))
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1)] + ([nn.BatchNorm2d(v)] if bn else []) + [nn.ReLU()]
            c = v
    side = 14
    for v in cfg:
        if v == 'A':
            side //= 2
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(c * side * side, 10))


def ms_per_step(model):
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.randn(32, 1, 14, 14)
    y = torch.randint(0, 10, (32,))
    loss_fn = nn.CrossEntropyLoss()
    def step():
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    for _ in range(5):
        step()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < 1.0:
        step(); n += 1
    return 1000 * (time.perf_counter() - start) / n


configs = json.loads(sys.argv[1])
out = {"torch": torch.__version__}
for name, c in configs.items():
    model = vgg(c["layers"], c["batchNorm"]) if c["kind"] == "cnn" else nn.Sequential(nn.Flatten(), *[m for w_in, w in zip([196] + c["layers"][:-1], c["layers"]) for m in (nn.Linear(w_in, w), nn.ReLU())], nn.Linear(c["layers"][-1], 10))
    out[name] = ms_per_step(model)
print(json.dumps(out))
