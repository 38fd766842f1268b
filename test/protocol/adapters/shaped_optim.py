"""torch.optim subclasses for the adapter's protocol-2 tests: a small Adam
written out so that one hook at a time can be broken the way multi-tensor
bugs shipped, and a small averaging optimizer with train()/eval() in the
manner of Schedule-Free (torch 1.13 has none of those)."""
import math
import torch


class PlainAdam(torch.optim.Optimizer):
    """Adam with coupled weight decay, as torch.optim.Adam (single-tensor path) computes it:

        g ← g + wd·θ;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²
        θ ← θ − (lr/(1−β₁ᵗ)) · m / (√v/√(1−β₂ᵗ) + eps)

    with state and step count per parameter, skipping a parameter whose grad is None.
    The hooks below are what the planted bugs override."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def grad_of(self, p):
        return p.grad

    def begin(self, group):
        """Called once per group at each step, before its parameters."""

    def count(self, group, state):
        """The parameter's step count t, advanced: its own, in its state."""
        state["t"] = state.get("t", 0) + 1
        return state["t"]

    def lr_of(self, group):
        return group["lr"]

    def state_of(self, group, index, p):
        """The parameter's state: its own, keyed by the tensor."""
        return self.state[p]

    def decayed(self, g, p, group):
        """Coupled weight decay: added to (a copy of) the gradient."""
        return g.add(p, alpha=group["weight_decay"]) if group["weight_decay"] else g

    def skipped(self, p, group):
        """A parameter without a gradient: nothing happens to it."""

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            self.begin(group)
            for i, p in enumerate(group["params"]):
                g = self.grad_of(p)
                if g is None:
                    self.skipped(p, group)
                    continue
                g = self.decayed(g, p, group)
                state = self.state_of(group, i, p)
                if not state:
                    state["m"], state["v"] = torch.zeros_like(p), torch.zeros_like(p)
                t = self.count(group, state)
                state["m"].mul_(b1).add_(g, alpha=1 - b1)
                state["v"].mul_(b2).addcmul_(g, g, value=1 - b2)
                denom = (state["v"].sqrt() / math.sqrt(1 - b2 ** t)).add_(group["eps"])
                p.addcdiv_(state["m"], denom, value=-self.lr_of(group) / (1 - b1 ** t))


class AdamNoneAsZero(PlainAdam):
    """A parameter without a gradient is stepped with a zero one: its moments decay and it keeps moving."""

    def grad_of(self, p):
        return torch.zeros_like(p) if p.grad is None else p.grad


class AdamStepPerGroup(PlainAdam):
    """One step count per parameter group (apex's fused Adam): a parameter that
    skipped steps gets the bias correction of its group's busier members."""

    def begin(self, group):
        group["t"] = group.get("t", 0) + 1

    def count(self, group, state):
        return group["t"]


class AdamLrFromDefaults(PlainAdam):
    """Every group's lr read from the constructor's defaults, so a group's own lr is ignored."""

    def lr_of(self, group):
        return self.defaults["lr"]


class AdamStateByPosition(PlainAdam):
    """Moments keyed by a tensor's position in its group (TF.js#4290's shape):
    the first tensors of two groups share one state."""

    def state_of(self, group, index, p):
        return self.__dict__.setdefault("by_position", {}).setdefault(index, {})


class PlainAdamW(PlainAdam):
    """AdamW: decoupled decay, theta <- theta*(1 - lr*wd) before the Adam step, as torch.optim.AdamW."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def decayed(self, g, p, group):
        p.mul_(1 - self.lr_of(group) * group["weight_decay"])
        return g


class AdamWDecaysFrozen(PlainAdamW):
    """Decays a parameter that has no gradient this step too (Muon#54's shape)."""

    def skipped(self, p, group):
        p.mul_(1 - self.lr_of(group) * group["weight_decay"])


class AveragedSGD(torch.optim.Optimizer):
    """Primal averaging in the manner of Schedule-Free SGD, kept small:

        z ← z − lr·∇f(y);   k ← k + 1;   x ← (1 − 1/(k+1))·x + (1/(k+1))·z;   y ← (1 − β)·z + β·x

    z and x start at the first parameters. The parameters hold y in train mode
    and x in eval mode; like the Schedule-Free reference it starts in eval mode
    and refuses to step there."""

    def __init__(self, params, lr=0.1, beta=0.9):
        super().__init__(params, dict(lr=lr, beta=beta))
        self.training = False

    def _each(self):
        for group in self.param_groups:
            for p in group["params"]:
                yield group, p, self.state[p]

    @torch.no_grad()
    def train(self):
        if not self.training:
            for group, p, state in self._each():
                if state:
                    p.copy_(state["z"] * (1 - group["beta"]) + state["x"] * group["beta"])
        self.training = True

    @torch.no_grad()
    def eval(self):
        if self.training:
            for group, p, state in self._each():
                if state:
                    p.copy_(state["x"])
        self.training = False

    @torch.no_grad()
    def step(self, closure=None):
        if not self.training:
            raise RuntimeError("AveragedSGD is in eval mode: call train() before step()")
        for group, p, state in self._each():
            if p.grad is None:
                continue
            if not state:
                state["z"], state["x"], state["k"] = p.clone(), p.clone(), 0
            state["z"] -= group["lr"] * p.grad
            state["k"] += 1
            c = 1 / (state["k"] + 1)
            state["x"] = state["x"] * (1 - c) + state["z"] * c
            p.copy_(state["z"] * (1 - group["beta"]) + state["x"] * group["beta"])
