"""torch.optim subclasses with planted bugs, for the adapter's tests."""
import time
import torch


class AdamNoBiasCorrection2(torch.optim.Adam):
    """Adam whose second-moment bias correction is off from step 5 on: it
    rescales the update by √(1 − β₂ᵗ), i.e. a bug that only shows after a few
    steps, in every coordinate."""

    def step(self, closure=None):
        group = self.param_groups[0]
        p = group["params"][0]
        before = p.detach().clone()
        super().step(closure)
        t = self.state[p]["step"]
        t = int(t.item()) if torch.is_tensor(t) else int(t)
        if t >= 5:
            beta2 = group["betas"][1]
            with torch.no_grad():
                p.copy_(before + (p - before) * (1 - beta2 ** t) ** 0.5)


class SleepySGD(torch.optim.SGD):
    """SGD that never returns from its third step."""

    def step(self, closure=None):
        self.calls = getattr(self, "calls", 0) + 1
        if self.calls == 3:
            time.sleep(3600)
        return super().step(closure)


class SGDDecayIntoGrad(torch.optim.SGD):
    """SGD that adds its weight decay into p.grad in place, as torch's SGD did
    before pytorch/pytorch#12218: the update is right, the caller's gradient
    is not."""

    def step(self, closure=None):
        # Every group's decay goes into its gradients first, then one step of them all
        # (super().step() steps every group); under maximize torch negates the gradient
        # before it adds the decay, so the decay goes in negated to come out right.
        saved = [group["weight_decay"] for group in self.param_groups]
        for group, wd in zip(self.param_groups, saved):
            for p in group["params"]:
                if p.grad is not None and wd != 0:
                    p.grad.add_(p.detach(), alpha=-wd if group.get("maximize") else wd)
            group["weight_decay"] = 0
        try:
            return super().step(closure)
        finally:
            for group, wd in zip(self.param_groups, saved):
                group["weight_decay"] = wd


class AdamStepBfloat16(torch.optim.Adam):
    """Adam whose step count is kept in bfloat16, as in pytorch/ao#4915: it
    stops counting at 256, so the bias correction freezes there."""

    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                if "step" in state:
                    state["step"] = torch.tensor(float(state["step"]), dtype=torch.bfloat16).to(torch.float32)
        return super().step(closure)
