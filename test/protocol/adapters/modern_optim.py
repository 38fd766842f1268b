"""Lion and Muon as torch.optim classes, for the gate's tests through the
PyTorch adapter (torch 1.13 has neither), each written from its published rule
(see src/optimizers/lion.ts and muon.ts for the equations and the sources), and
broken variants of each, one bug a class. Muon runs its Newton-Schulz
iteration in bfloat16, as every published Muon does."""
import torch

NS_A, NS_B, NS_C = 3.4445, -4.7750, 2.0315


def with_gradients(optimizer, buffer):
    """Each (group, parameter, its buffer, its gradient) with a gradient; the buffer starts at zero."""
    for group in optimizer.param_groups:
        for p in group["params"]:
            if p.grad is None:
                continue
            state = optimizer.state[p]
            if not state:
                state[buffer] = torch.zeros_like(p)
            yield group, p, state[buffer], p.grad


class Lion(torch.optim.Optimizer):
    """theta <- theta*(1 - lr*wd); theta <- theta - lr*sign(b1*m + (1-b1)*g); m <- b2*m + (1-b2)*g."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    def direction(self, p, m, g, b1, group):
        return (m * b1 + g * (1 - b1)).sign()

    def decay(self, p, group):
        p.mul_(1 - group["lr"] * group["weight_decay"])

    @torch.no_grad()
    def step(self, closure=None):
        for group, p, m, g in with_gradients(self, "m"):
            b1, b2 = group["betas"]
            self.decay(p, group)
            p.add_(self.direction(p, m, g, b1, group), alpha=-group["lr"])
            m.mul_(b2).add_(g, alpha=1 - b2)


class LionDecayInsideSign(Lion):
    """bitsandbytes#1992's shape: the weight decay joins the direction before the sign."""

    def direction(self, p, m, g, b1, group):
        return (m * b1 + g * (1 - b1) + p * group["weight_decay"]).sign()

    def decay(self, p, group):
        pass


class LionDecayWithoutLr(Lion):
    """Decay by wd alone, not lr*wd."""

    def decay(self, p, group):
        p.mul_(1 - group["weight_decay"])


def orthogonalise(G, steps, normalise=True):
    """The quintic Newton-Schulz iteration in bfloat16, on the wide orientation of G."""
    X = G.bfloat16()
    tall = G.size(-2) > G.size(-1)
    if tall:
        X = X.mT
    if normalise:
        X = X / (X.norm(dim=(-2, -1), keepdim=True) + 1e-7)
    for _ in range(steps):
        A = X @ X.mT
        B = NS_B * A + NS_C * A @ A
        X = NS_A * X + B @ X
    return X.mT if tall else X


class Muon(torch.optim.Optimizer):
    """Per tensor of 2 or more dimensions (a conv kernel seen as out x in*h*w):
    B <- lerp(B, g, 1-mu); U = lerp(g, B, mu) with Nesterov, else B;
    O = NS(U) * sqrt(max(1, rows/cols)); theta <- theta*(1 - lr*wd) - lr*O.
    The gradient the caller handed in is left as it was."""

    def __init__(self, params, lr=0.02, momentum=0.95, weight_decay=0.0, nesterov=True, ns_steps=5):
        super().__init__(params, dict(lr=lr, momentum=momentum, weight_decay=weight_decay, nesterov=nesterov, ns_steps=ns_steps))

    def blend(self, g, buf, group):
        return torch.lerp(g, buf, group["momentum"]) if group["nesterov"] else buf

    def scale(self, g):
        return max(1, g.size(-2) / g.size(-1)) ** 0.5

    def normalise(self):
        return True

    @torch.no_grad()
    def step(self, closure=None):
        for group, p, buf, g in with_gradients(self, "momentum_buffer"):
            buf.lerp_(g, 1 - group["momentum"])
            u = self.blend(g, buf, group)
            if u.ndim == 4:
                u = u.reshape(len(u), -1)
            o = orthogonalise(u, group["ns_steps"], self.normalise())
            o *= self.scale(g)
            self.apply(p, o.reshape(p.shape), group)

    def apply(self, p, o, group):
        """Decoupled decay first, then the update."""
        p.mul_(1 - group["lr"] * group["weight_decay"])
        p.add_(o, alpha=-group["lr"])


class MuonNoShapeScale(Muon):
    """The update is not scaled by sqrt(max(1, rows/cols))."""

    def scale(self, g):
        return 1.0


class MuonNoNormalisation(Muon):
    """Newton-Schulz started from the raw update, without dividing by its Frobenius norm."""

    def normalise(self):
        return False


class MuonNesterovIgnored(Muon):
    """Takes nesterov=True and orthogonalises the momentum buffer anyway."""

    def blend(self, g, buf, group):
        return buf


class MuonScaleInverted(Muon):
    """The scale read as sqrt(max(1, cols/rows)): wide matrices are scaled, tall ones not."""

    def scale(self, g):
        return max(1, g.size(-1) / g.size(-2)) ** 0.5


class MuonWithoutSwitches(Muon):
    """KellerJordan's SingleDeviceMuon's signature: lr, weight_decay, momentum; Nesterov always on, 5 steps."""

    def __init__(self, params, lr=0.02, weight_decay=0.0, momentum=0.95):
        super().__init__(params, lr=lr, momentum=momentum, weight_decay=weight_decay)


class MuonWithoutSwitchesNoScale(MuonWithoutSwitches, MuonNoShapeScale):
    """The same signature, and the shape scale forgotten."""


class MuonDecayAfterUpdate(Muon):
    """Shrinks theta by 1 - lr*wd after the update instead of before."""

    def apply(self, p, o, group):
        p.add_(o, alpha=-group["lr"])
        p.mul_(1 - group["lr"] * group["weight_decay"])
