#!/usr/bin/env python3
"""optspec's adapter for PyTorch optimizers, and a recorder of training runs.

Stepping protocol (docs/protocol.md), versions 1 and 2:

    python3 python/optspec_torch.py <dotted.path.Class> [--dtype float64|float32] [--set key=json]...

wraps any torch.optim.Optimizer subclass importable from the current
directory or PYTHONPATH. optspec's hyperparameter names are mapped to
torch's (beta1/beta2 -> betas, weightDecay -> weight_decay, camelCase ->
snake_case); `--set nesterov=true` (or `foreach=true`) fixes a keyword the
family does not vary. In protocol 2 each tensor of the layout is one
torch.nn.Parameter with its shape, in the layout's parameter groups (a
group's overrides mapped like the hyperparameters); each step sets p.grad
from the message (None for a tensor without a gradient) and calls step().
A class with train()/eval() (Schedule-Free) is put in train mode after
construction, and the train/eval ops call them. save/load go through
state_dict(). Only torch and the standard library are used.

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

PROTOCOL_VERSIONS = (1, 2)


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


def camel(name):
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


def hyperparameters_taken(cls):
    """The hyperparameters `cls` takes, in optspec's names (`betas` is beta1 and
    beta2, `weight_decay` weightDecay), read from its constructor's signature;
    None when it takes **kwargs, and so may take anything."""
    try:
        parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    names = []
    for p in parameters:
        if p.name == "params" or p.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        names += ["beta1", "beta2"] if p.name == "betas" else [camel(p.name)]
    return names


class Raw(str):
    """A reply already written as JSON: a step's reply is built by hand, since
    base64 needs no escaping and json.dumps would scan it character by character."""


class Adapter:
    """One process serving many optimizer instances. In protocol 2 an instance
    holds one torch.nn.Parameter per tensor of the layout, with its shape, in
    the layout's parameter groups; in protocol 1 a single 1-D Parameter."""

    def __init__(self, cls, dtype, fixed, name):
        self.cls, self.dtype, self.fixed, self.name = cls, dtype, fixed, name
        self.version = None
        self.instances = {}

    def hello(self, msg):
        # optspec offers every version it speaks in "versions"; "version" alone (1) is what a v1 client sent.
        offered = msg.get("versions", [msg.get("version")])
        spoken = [v for v in PROTOCOL_VERSIONS if v in offered]
        if not spoken:
            raise ValueError(f"optspec offers protocol {offered}, this adapter speaks {PROTOCOL_VERSIONS}")
        self.version = max(spoken)
        name = self.name + "".join(f" {k}={json.dumps(v)}" for k, v in self.fixed.items())
        supports = ["save", "load"]
        if self.version >= 2:
            supports += [op for op in ("train", "eval") if callable(getattr(self.cls, op, None))] + ["scale-lr"]
        reply = {"version": self.version, "name": name if self.dtype == torch.float64 else f"{name} (float32)",
                 "supports": supports}
        takes = hyperparameters_taken(self.cls)
        if takes is not None:
            reply["takes"] = takes
        return reply

    def init(self, msg):
        dim = msg["dim"]
        hyper = {**msg.get("hyper", {}), **self.fixed}
        layout = msg.get("layout") or {"tensors": [{"name": "params", "offset": 0, "shape": [dim], "group": 0}], "groups": [{}]}
        tensors = [Tensor(t, dim) for t in layout["tensors"]]
        groups = layout.get("groups") or [{}]
        params = [torch.nn.Parameter(torch.zeros(t.shape, dtype=self.dtype)) for t in tensors]
        # Each group's overrides take the same road as the hyperparameters: merged in optspec's names, then
        # mapped (a group's beta1 alone keeps the instance's beta2, not the class default).
        for g, overrides in enumerate(groups):
            self.check_override(g, overrides)
        param_groups = [{"params": [p for p, t in zip(params, tensors) if t.group == g],
                         **torch_kwargs(self.cls, {**hyper, **overrides})} for g, overrides in enumerate(groups)]
        param_groups = [g for g in param_groups if g["params"]]
        kwargs = torch_kwargs(self.cls, hyper)
        try:
            opt = self.cls(param_groups, **kwargs)
        except TypeError as err:
            raise TypeError(f"{self.cls.__name__}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())}): {err}") from None
        # Schedule-Free and its kind start in eval mode and refuse to step until train() is called.
        if callable(getattr(opt, "train", None)):
            opt.train()
        inst = Instance(params, tensors, opt)
        if inst.dim != dim:
            raise ValueError(f"the layout's tensors hold {inst.dim} parameters, not dim {dim}")
        self.instances[msg["id"]] = inst
        return {}

    def check_override(self, g, overrides):
        """torch keeps any key in a parameter group, so an override the class does not take would be ignored
        without a word: refuse it, as the constructor refuses an unknown hyperparameter."""
        taken = inspect.signature(self.cls.__init__).parameters
        if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in taken.values()):
            return
        unknown = [k for k in torch_kwargs(self.cls, overrides) if k not in taken]
        if unknown:
            raise TypeError(f"layout.groups[{g}] overrides {', '.join(unknown)}, which {self.cls.__name__} does not take")

    def step(self, msg):
        inst = self.instances[msg["id"]]
        inst.load_params(decode(msg["params"], self.dtype))
        grad = decode(msg["grad"], self.dtype)
        if grad.numel() != inst.dim:
            raise ValueError(f"grad has {grad.numel()} values for {inst.dim} parameters")
        missing = set(msg.get("missing", []))
        given = []
        for i, (p, t) in enumerate(zip(inst.params, inst.tensors)):
            # A tensor without a gradient is PyTorch's `p.grad is None`, not a zero gradient.
            p.grad = None if i in missing else grad[t.offset:t.offset + t.size].reshape(t.shape).clone()
            given.append(None if p.grad is None else p.grad.clone())
        inst.opt.step()
        # The gradient is the caller's: one the optimizer changed in place (weight decay added into p.grad, say)
        # goes back with the reply, the whole flat vector, so optspec's gradient-untouched contract sees it as it
        # would in-process. A missing tensor's values go back as they came.
        changed = False
        after = grad.clone()
        for p, t, g in zip(inst.params, inst.tensors, given):
            now = p.grad
            if g is None or now is None:
                continue
            if not (now.shape == g.shape and torch.equal(now.to(g.dtype), g)):
                changed = True
                after[t.offset:t.offset + t.size] = now.reshape(-1).to(after.dtype)
        if changed:
            return Raw('{"ok":true,"params":"%s","grad":"%s"}' % (encode(inst.flat()), encode(after)))
        return Raw('{"ok":true,"params":"%s"}' % encode(inst.flat()))

    def mode(self, msg, op):
        inst = self.instances[msg["id"]]
        inst.load_params(decode(msg["params"], self.dtype))
        getattr(inst.opt, op)()
        return Raw('{"ok":true,"params":"%s"}' % encode(inst.flat()))

    def train(self, msg):
        return self.mode(msg, "train")

    def eval(self, msg):
        return self.mode(msg, "eval")

    def scale_lr(self, msg):
        """What a scheduler does between steps: every param group's lr multiplied by `factor`."""
        factor = float(msg["factor"])
        for group in self.instances[msg["id"]].opt.param_groups:
            group["lr"] = group["lr"] * factor
        return {}

    def save(self, msg):
        buf = io.BytesIO()
        torch.save(self.instances[msg["id"]].opt.state_dict(), buf)
        return {"state": base64.b64encode(buf.getvalue()).decode("ascii")}

    def load(self, msg):
        state = torch.load(io.BytesIO(base64.b64decode(msg["state"])))
        self.instances[msg["id"]].opt.load_state_dict(state)
        return {}

    def drop(self, msg):
        for i in msg["ids"]:
            self.instances.pop(i, None)
        return {}


class Tensor:
    """One tensor of the layout: where its values sit in the flat vector, its shape and its group."""

    def __init__(self, t, dim):
        self.name, self.offset, self.shape, self.group = t["name"], int(t["offset"]), tuple(t["shape"]), int(t.get("group", 0))
        self.size = math.prod(self.shape)
        if self.offset < 0 or self.offset + self.size > dim:
            raise ValueError(f"layout tensor {self.name!r} at {self.offset} of shape {list(self.shape)} lies outside the {dim} parameters")


class Instance:
    def __init__(self, params, tensors, opt):
        self.params, self.tensors, self.opt = params, tensors, opt
        self.dim = sum(t.size for t in tensors)

    def load_params(self, flat):
        if flat.numel() != self.dim:
            raise ValueError(f"params has {flat.numel()} values for {self.dim} parameters")
        with torch.no_grad():
            for p, t in zip(self.params, self.tensors):
                p.copy_(flat[t.offset:t.offset + t.size].reshape(t.shape))

    def flat(self):
        """The parameters in the flat vector's order (by offset, which layout order need not follow)."""
        out = torch.empty(self.dim, dtype=torch.float64)
        for p, t in zip(self.params, self.tensors):
            out[t.offset:t.offset + t.size] = p.detach().reshape(-1).to(torch.float64)
        return out


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
           "load": adapter.load, "drop": adapter.drop, "scale-lr": adapter.scale_lr}
    modes = {"train": adapter.train, "eval": adapter.eval}
    for line in stdin:
        try:
            msg = json.loads(line)
            op = msg.get("op")
            if op == "close":
                out.write('{"ok":true}\n')
                out.flush()
                return
            if op in modes and adapter.version == 2 and callable(getattr(adapter.cls, op, None)):
                reply = modes[op](msg)
            elif op in ops:
                reply = ops[op](msg)
            else:
                raise ValueError(f"unknown op {op!r}")
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
