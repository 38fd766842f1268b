"""
Records what the published reference implementations do on Debian's torch
1.13 (CPU), for test/optimizers/modern-published.test.ts. Their files are not
part of optspec; put them in one folder and pass it:

  lion_pytorch.py  google/automl lion/lion_pytorch.py (6a54c8741e7c3265d4547c4f35f47a0391122dc5)
  muon.py          KellerJordan/Muon muon.py (857d1adc159e098212f828d927460782d3da59e9)
  sf_adamw.py      facebookresearch/schedule_free schedulefree/adamw_schedulefree_reference.py (70785b53e778d0e872c0bbb75ff4ee54ee10c291)
  sf_sgd.py        facebookresearch/schedule_free schedulefree/sgd_schedulefree_reference.py (same commit)

  /usr/bin/python3 test/optimizers/modern-published.py FOLDER > test/optimizers/modern-published.json
"""
import contextlib, json, sys, torch
sys.path.insert(0, sys.argv[1])
from lion_pytorch import Lion
from muon import SingleDeviceMuon
from sf_adamw import AdamWScheduleFreeReference
from sf_sgd import SGDScheduleFreeReference
out = {}
def run(make, shape, grads, init, train=False):
    p = torch.nn.Parameter(torch.tensor(init, dtype=torch.float64).reshape(shape))
    opt = make([p])
    if train:
        with contextlib.redirect_stdout(sys.stderr):  # the reference prints its mode switches
            opt.train()
    rows = []
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float64).reshape(shape).clone()
        opt.step()
        rows.append(p.detach().reshape(-1).tolist())
    if train:
        with contextlib.redirect_stdout(sys.stderr):
            opt.eval()
        rows.append(p.detach().reshape(-1).tolist())
    return rows
gen = torch.Generator().manual_seed(1)
def rnd(n): return torch.randn(n, generator=gen, dtype=torch.float64).tolist()
init6 = rnd(6); grads6 = [rnd(6) for _ in range(5)]
init16 = rnd(16); grads16 = [rnd(16) for _ in range(4)]
out['init6'] = init6; out['grads6'] = grads6; out['init16'] = init16; out['grads16'] = grads16
out['lion'] = run(lambda ps: Lion(ps, lr=0.01, betas=(0.8, 0.95), weight_decay=0.1), (6,), grads6, init6)
out['sfadamw'] = run(lambda ps: AdamWScheduleFreeReference(ps, lr=0.05, betas=(0.8, 0.95), weight_decay=0.1, warmup_steps=3, r=0.5), (6,), grads6, init6, train=True)
out['sfsgd'] = run(lambda ps: SGDScheduleFreeReference(ps, lr=0.05, momentum=0.8, weight_decay=0.1, warmup_steps=3, r=1.0), (6,), grads6, init6, train=True)
out['muon_2x3'] = run(lambda ps: SingleDeviceMuon(ps, lr=0.05, weight_decay=0.1, momentum=0.9), (2, 3), grads6, init6)
out['muon_3x2'] = run(lambda ps: SingleDeviceMuon(ps, lr=0.05, weight_decay=0.1, momentum=0.9), (3, 2), grads6, init6)
out['muon_conv'] = run(lambda ps: SingleDeviceMuon(ps, lr=0.05, weight_decay=0.1, momentum=0.9), (2, 2, 2, 2), grads16, init16)
out['muon_8x2'] = run(lambda ps: SingleDeviceMuon(ps, lr=0.05, weight_decay=0.0, momentum=0.95), (8, 2), grads16, init16)
print(json.dumps(out))
