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
