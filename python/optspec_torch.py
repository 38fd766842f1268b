#!/usr/bin/env python3
"""optspec's adapter for PyTorch optimizers, and a recorder of training runs.

Stepping protocol (docs/protocol.md), version 1:

    python3 python/optspec_torch.py <dotted.path.Class> [--dtype float64|float32] [--set key=json]...

wraps any torch.optim.Optimizer subclass importable from the current
directory or PYTHONPATH. optspec's hyperparameter names are mapped to
torch's (beta1/beta2 -> betas, weightDecay -> weight_decay, camelCase ->
snake_case); `--set nesterov=true` fixes a keyword the family does not vary.
Each step sets p.grad from the message and calls step(); save/load go
through state_dict(). Only torch and the standard library are used.

Recording (docs/protocol.md, "Traces recorded elsewhere"):

    from optspec_torch import record
    with record("run.jsonl", model.parameters(), optimizer="torch.optim.SGD", hyper={"lr": 0.1}) as rec:
        for step in range(steps + 1):
            loss = loss_fn(model); opt.zero_grad(); loss.backward()
            rec.step(step, loss)          # the row of the parameters the loss was taken at
            if step < steps: opt.step()
"""
import base64
import binascii
import ctypes
import importlib
import inspect
import io
import json
import math
import os
import re
import sys
import threading
import time

try:
    import torch
except ImportError as _err:  # one line, not a traceback: the usual cause is a python3 without torch earlier on PATH
    sys.stderr.write(f"optspec_torch: cannot import torch in {sys.executable} ({_err}); run the adapter with a Python that has "
                     "torch, e.g. OPTSPEC_PYTHON=/usr/bin/python3 (Debian's python3-torch) or after pip install torch\n")
    sys.exit(2)

PROTOCOL_VERSION = 1


# --- numbers: little-endian float64 bytes in base64, so every bit survives ---

def decode(text, dtype=torch.float64):
    raw = binascii.a2b_base64(text)
    if len(raw) % 8:
        raise ValueError(f"{len(raw)} bytes is not a whole number of float64 values")
    t = torch.frombuffer(bytearray(raw), dtype=torch.float64) if raw else torch.zeros(0, dtype=torch.float64)
    return t if dtype == torch.float64 else t.to(dtype)


def encode(t):
    t = t.detach().to(torch.float64).contiguous()
    return binascii.b2a_base64(ctypes.string_at(t.data_ptr(), 8 * t.numel()), newline=False).decode("ascii")


# --- the adapter ---

def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def torch_kwargs(cls, hyper):
    """optspec's names -> the keyword arguments of `cls`."""
    hyper = dict(hyper)
    kwargs = {}
    if "beta1" in hyper or "beta2" in hyper:
        default = inspect.signature(cls.__init__).parameters.get("betas")
        b1, b2 = default.default if default is not None and default.default is not inspect.Parameter.empty else (0.9, 0.999)
        kwargs["betas"] = (hyper.pop("beta1", b1), hyper.pop("beta2", b2))
    for key, value in hyper.items():
        kwargs[snake(key)] = value
    return kwargs


class Raw(str):
    """A reply already written as JSON: a step's reply is built by hand, since
    base64 needs no escaping and json.dumps would scan it character by character."""


class Adapter:
    def __init__(self, cls, dtype, fixed, name):
        self.cls, self.dtype, self.fixed, self.name = cls, dtype, fixed, name
        self.instances = {}

    def hello(self, msg):
        if msg.get("version") != PROTOCOL_VERSION:
            raise ValueError(f"optspec speaks protocol {msg.get('version')}, this adapter {PROTOCOL_VERSION}")
        name = self.name + "".join(f" {k}={json.dumps(v)}" for k, v in self.fixed.items())
        return {"version": PROTOCOL_VERSION, "name": name if self.dtype == torch.float64 else f"{name} (float32)",
                "supports": ["save", "load"]}

    def init(self, msg):
        dim = msg["dim"]
        param = torch.nn.Parameter(torch.zeros(dim, dtype=self.dtype))
        kwargs = torch_kwargs(self.cls, {**msg.get("hyper", {}), **self.fixed})
        try:
            opt = self.cls([param], **kwargs)
        except TypeError as err:
            raise TypeError(f"{self.cls.__name__}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())}): {err}") from None
        self.instances[msg["id"]] = (param, opt)
        return {}

    def step(self, msg):
        param, opt = self.instances[msg["id"]]
        with torch.no_grad():
            param.copy_(decode(msg["params"], self.dtype))
        grad = decode(msg["grad"], self.dtype)
        if grad.numel() != param.numel():
            raise ValueError(f"grad has {grad.numel()} values for {param.numel()} parameters")
        param.grad = grad
        given = grad.clone()
        opt.step()
        # The gradient is the caller's: one the optimizer changed in place (weight decay added into p.grad, say)
        # goes back with the reply, so optspec's gradient-untouched contract sees it as it would in-process.
        after = param.grad
        if after is not None and not (after.shape == given.shape and torch.equal(after.to(given.dtype), given)):
            return Raw('{"ok":true,"params":"%s","grad":"%s"}' % (encode(param), encode(after)))
        return Raw('{"ok":true,"params":"%s"}' % encode(param))

    def save(self, msg):
        buf = io.BytesIO()
        torch.save(self.instances[msg["id"]][1].state_dict(), buf)
        return {"state": base64.b64encode(buf.getvalue()).decode("ascii")}

    def load(self, msg):
        state = torch.load(io.BytesIO(base64.b64decode(msg["state"])))
        self.instances[msg["id"]][1].load_state_dict(state)
        return {}

    def drop(self, msg):
        for i in msg["ids"]:
            self.instances.pop(i, None)
        return {}


def watch_parent():
    """Exit when optspec is gone, even if it was killed before it could close us."""
    parent = os.environ.get("OPTSPEC_PARENT_PID")
    if not parent:
        return

    def alive(pid):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        try:
            with open(f"/proc/{pid}/stat") as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return True

    def loop():
        while alive(int(parent)):
            time.sleep(0.25)
        os._exit(3)

    threading.Thread(target=loop, daemon=True).start()


def serve(adapter, stdin, out):
    ops = {"hello": adapter.hello, "init": adapter.init, "step": adapter.step, "save": adapter.save,
           "load": adapter.load, "drop": adapter.drop}
    for line in stdin:
        try:
            msg = json.loads(line)
            op = msg.get("op")
            if op == "close":
                out.write('{"ok":true}\n')
                out.flush()
                return
            if op not in ops:
                raise ValueError(f"unknown op {op!r}")
            reply = ops[op](msg)
            reply = reply if isinstance(reply, Raw) else json.dumps({"ok": True, **reply})
        except Exception as err:  # the reply names the error; optspec decides whether the process lives on
            reply = json.dumps({"ok": False, "error": f"{type(err).__name__}: {err}"})
        out.write(reply + "\n")
        out.flush()


def load_class(path):
    module, _, name = path.rpartition(".")
    if not module:
        raise SystemExit(f"optspec_torch: expected a dotted path such as torch.optim.Adam, got {path!r}")
    sys.path.insert(0, os.getcwd())
    cls = getattr(importlib.import_module(module), name, None)
    if not (isinstance(cls, type) and issubclass(cls, torch.optim.Optimizer)):
        raise SystemExit(f"optspec_torch: {path} is not a torch.optim.Optimizer subclass")
    return cls


def main(argv):
    args = list(argv)
    dtype, fixed, target = torch.float64, {}, None
    while args:
        a = args.pop(0)
        if a == "--dtype" and args:
            choice = args.pop(0)
            if choice not in ("float64", "float32"):
                raise SystemExit(f"optspec_torch: --dtype: expected float64 or float32, got {choice!r}")
            dtype = getattr(torch, choice)
        elif a == "--set" and args:
            key, _, value = args.pop(0).partition("=")
            fixed[key] = json.loads(value)
        elif target is None and not a.startswith("--"):
            target = a
        else:
            raise SystemExit(f"optspec_torch: unexpected argument {a!r}; usage: optspec_torch.py <dotted.path.Class> [--dtype float64|float32] [--set key=json]")
    if target is None:
        raise SystemExit("optspec_torch: expected the optimizer class, e.g. torch.optim.Adam")
    if sys.byteorder != "little":
        raise SystemExit("optspec_torch: the protocol's float64 bytes are little-endian; this machine is not")
    torch.set_num_threads(1)
    adapter = Adapter(load_class(target), dtype, fixed, target)
    # The protocol owns stdout: anything else the optimizer prints goes to stderr.
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    watch_parent()
    serve(adapter, sys.stdin, out)


# --- recording a training run as optspec's JSON Lines trace ---

def _num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0 and math.copysign(1, x) < 0:
        return "-0"
    return x


class record:
    """Write one JSON line per step: the loss at the current parameters, the
    gradient norm (when .grad is set), the L1 and L∞ norms, how many weights
    are exactly 0 and what fraction is below `small` in magnitude, and the
    parameters themselves when `keep_params` is True (or the listed flat
    `coordinates`). Call `step(k, loss)` after backward() and before the
    optimizer's step, so row k holds β_k, L(β_k) and ‖∇L(β_k)‖.

    `params` is model.parameters() (tensors) or model.named_parameters()
    ((name, tensor) pairs). With names, the header carries the layout: each
    tensor's name, shape and offset in the flat vector, in the order of
    flattening, so optspec reads `trace.tensor("0.weight")`."""

    def __init__(self, path, params, *, problem="pytorch", optimizer="pytorch", hyper=None, small=1e-3,
                 keep_params=False, coordinates=None, precision=None, seed=None):
        self.params, names = self._split_names(params)
        self.small = small
        self.coordinates = list(coordinates) if coordinates is not None else None
        self.keep = keep_params or coordinates is not None
        dim = sum(p.numel() for p in self.params)
        dtype = self.params[0].dtype if self.params else torch.float64
        header = {"format": "optspec-trace-jsonl/1", "problem": problem, "optimizer": optimizer,
                  "hyper": hyper or {}, "dim": dim,
                  "precision": precision or ("float64" if dtype == torch.float64 else "float32"),
                  "small": small}
        if self.coordinates is not None:
            header["coordinates"] = self.coordinates
        if seed is not None:
            header["seed"] = seed
        if names is not None and dim > 0:
            header["layout"] = {"tensors": self._layout(names, self.params)}
        self.file = open(path, "w")
        self.file.write(json.dumps(header) + "\n")

    @staticmethod
    def _split_names(params):
        """Tensors and their names (None when given bare tensors); a mix is refused."""
        items = list(params)
        pairs = [isinstance(p, tuple) for p in items]
        if not any(pairs):
            return items, None
        if not all(pairs) or not all(len(p) == 2 and isinstance(p[0], str) and torch.is_tensor(p[1]) for p in items):
            raise TypeError("record: params: expected all tensors (model.parameters()) or all (name, tensor) pairs (model.named_parameters())")
        return [p for _, p in items], [n for n, _ in items]

    @staticmethod
    def _layout(names, params):
        """Each tensor's slice of the flat row, as step() concatenates them; an empty tensor holds no slice."""
        tensors, offset = [], 0
        for name, p in zip(names, params):
            if p.numel() > 0:
                tensors.append({"name": name, "shape": list(p.shape), "offset": offset})
            offset += p.numel()
        return tensors

    def step(self, step, loss, **summaries):
        with torch.no_grad():
            flat = torch.cat([p.detach().reshape(-1).to(torch.float64) for p in self.params])
            grads = [p.grad for p in self.params if p.grad is not None]
            row = {"step": step, "loss": _num(loss.item() if torch.is_tensor(loss) else loss)}
            if grads:
                row["gradNorm"] = _num(torch.sqrt(sum((g.to(torch.float64) ** 2).sum() for g in grads)))
            a = flat.abs()
            row["l1Norm"] = _num(a.sum())
            row["linfNorm"] = _num(a.max() if a.numel() else 0.0)
            row["zeros"] = int((flat == 0).sum())
            row["smallFraction"] = _num((a < self.small).double().mean() if a.numel() else 0.0)
            for k, v in summaries.items():
                row[k] = _num(v)
            if self.keep:
                kept = flat if self.coordinates is None else flat[self.coordinates]
                row["params"] = [_num(x) for x in kept.tolist()]
        self.file.write(json.dumps(row) + "\n")

    def close(self):
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


if __name__ == "__main__":
    main(sys.argv[1:])
