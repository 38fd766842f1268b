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
        for group in self.param_groups:
            wd = group["weight_decay"]
            for p in group["params"]:
                if p.grad is not None and wd != 0:
                    p.grad.add_(p.detach(), alpha=wd)
            saved, group["weight_decay"] = wd, 0
            try:
                super().step(closure)
            finally:
                group["weight_decay"] = saved


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
