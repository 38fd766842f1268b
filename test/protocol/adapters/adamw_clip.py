"""AdamWClip, the variant a PyTorch user gates in CI: AdamW whose update is
bounded coordinate by coordinate to [-lr, lr]. Four classes for the gate's
tests of a variant and of the user's own reference:

- AdamWClip: the fast one, whole-tensor arithmetic as torch.optim.AdamW does;
- AdamWClipSlow: the same rule written to be read, one coordinate at a time
  in Python floats (float64), every quantity named: the reference;
- AdamWClipBeforeCorrection and AdamWClipHalf: AdamWClip with a planted bug
  each (the bound applied before the bias corrections; the bound at lr/2).

The rule, per coordinate i at step t:
    theta_i <- theta_i * (1 - lr * wd)
    m_i <- beta1 m_i + (1 - beta1) g_i;   v_i <- beta2 v_i + (1 - beta2) g_i^2
    u_i = lr * (m_i / (1 - beta1^t)) / (sqrt(v_i / (1 - beta2^t)) + eps)
    theta_i <- theta_i - min(lr, max(-lr, u_i))

amsgrad and maximize are AdamW's and not this variant's: asking for either is
refused, so a gate run with them left on fails loudly rather than checking
something else (the gate is told `--without amsgrad,maximize`).
"""
import math

import torch


class AdamWClip(torch.optim.AdamW):
    # The planted bugs below change only these two.
    bound_fraction = 1.0
    bound_before_bias_correction = False

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, maximize=False, **rest):
        if amsgrad or maximize:
            raise ValueError(f"{type(self).__name__} has no amsgrad or maximize (given amsgrad={amsgrad}, maximize={maximize})")
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, **rest)

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, (beta1, beta2), eps, decay = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p)
                    state["exp_avg_sq"] = torch.zeros_like(p)
                # int(): AdamW's __setstate__ turns an int count into a float32 tensor on load_state_dict.
                state["step"] = t = int(state["step"]) + 1
                m, v = state["exp_avg"], state["exp_avg_sq"]
                p.mul_(1 - lr * decay)
                m.mul_(beta1).add_(p.grad, alpha=1 - beta1)
                v.mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
                correction1, correction2 = 1 - beta1 ** t, 1 - beta2 ** t
                if self.bound_before_bias_correction:
                    ratio = (m / (v.sqrt() + eps)).clamp_(-1, 1)
                    update = ratio * (lr / correction1 * math.sqrt(correction2))
                else:
                    bound = lr * self.bound_fraction
                    update = (m / correction1 * lr / ((v / correction2).sqrt() + eps)).clamp_(-bound, bound)
                p.sub_(update)
        return loss


class AdamWClipSlow(AdamWClip):
    """AdamWClip for reading: a loop over coordinates, nothing vectorised."""

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr = group["lr"]
            beta1, beta2 = group["betas"]
            eps = group["eps"]
            decay = group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["first_moment"] = [0.0] * p.numel()
                    state["second_moment"] = [0.0] * p.numel()
                state["step"] = step = int(state["step"]) + 1  # int(): as in AdamWClip.step
                first_moment = state["first_moment"]
                second_moment = state["second_moment"]
                params = p.reshape(-1).tolist()
                grads = p.grad.reshape(-1).tolist()
                for i in range(len(params)):
                    params[i] = params[i] - lr * decay * params[i]
                    first_moment[i] = beta1 * first_moment[i] + (1 - beta1) * grads[i]
                    second_moment[i] = beta2 * second_moment[i] + (1 - beta2) * grads[i] ** 2
                    m_hat = first_moment[i] / (1 - beta1 ** step)
                    v_hat = second_moment[i] / (1 - beta2 ** step)
                    update = lr * m_hat / (math.sqrt(v_hat) + eps)
                    params[i] = params[i] - min(lr, max(-lr, update))
                p.copy_(torch.tensor(params, dtype=p.dtype).reshape(p.shape))
        return loss


class AdamWClipBeforeCorrection(AdamWClip):
    """Planted bug: m / (sqrt(v) + eps) is bounded to [-1, 1] before the bias corrections scale it."""

    bound_before_bias_correction = True


class AdamWClipHalf(AdamWClip):
    """Planted bug: the update is bounded to [-lr/2, lr/2]."""

    bound_fraction = 0.5
