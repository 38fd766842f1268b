#!/usr/bin/env python3
"""Milliseconds per training step of the deep claims' networks in PyTorch,
float32, SGD: the same VGG-like CNNs (3×3 convs, average pooling, ReLU, batch
norm where asked) and MLPs, each at its own image side and batch. On CUDA
when PyTorch sees a GPU (timed with synchronisation), else on CPU with two
threads. Prints JSON {name: ms, "torch": version, "device": ...}."""
import json, sys, time
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(2)
torch.manual_seed(0)


def vgg(cfg, bn, side):
    layers, c = [], 1
    for v in cfg:
        if v == 'A':
            layers.append(nn.AvgPool2d(2))
            side //= 2
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1)] + ([nn.BatchNorm2d(v)] if bn else []) + [nn.ReLU()]
            c = v
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(c * side * side, 10))


def mlp(widths, side):
    ins = [side * side] + widths[:-1]
    return nn.Sequential(nn.Flatten(), *[m for w_in, w in zip(ins, widths) for m in (nn.Linear(w_in, w), nn.ReLU())], nn.Linear(widths[-1], 10))


def sync():
    if device.type == "cuda":
        torch.cuda.synchronize()


def ms_per_step(model, side, batch, seconds):
    model = model.to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.randn(batch, 1, side, side, device=device)
    y = torch.randint(0, 10, (batch,), device=device)
    loss_fn = nn.CrossEntropyLoss()
    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()  # read back, as the TensorFlow.js side does
    for _ in range(3):
        step()
    sync()
    n, start = 0, time.perf_counter()
    while n < 3 or time.perf_counter() - start < seconds:
        step(); n += 1
    sync()
    return 1000 * (time.perf_counter() - start) / n


nets = json.loads(sys.argv[1])
out = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu, 2 threads"}
for name, c in nets.items():
    model = vgg(c["layers"], c["batchNorm"], c["side"]) if c["kind"] == "cnn" else mlp(c["layers"], c["side"])
    out[name] = ms_per_step(model, c["side"], c["batch"], 1.0)
print(json.dumps(out))
