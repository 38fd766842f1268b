/**
 * The two-cycle of NDGM on λ‖w‖₁ in closed form (001 Prop. B.2, 000 Prop. 3.2):
 * each coordinate ends alternating between γ and γ − αλ with γ = |w₀| mod αλ,
 * so at any step |w| is γ or αλ − γ. When the starts spread over many
 * multiples of αλ, γ is uniform on (0, αλ) and so is |w|: mean αλ/2, and
 * P(|w| < τ) = min(1, τ/(αλ)). Over n weights, ‖w‖₁ ≈ n·αλ/2.
 */
import { InputError, positive, nonNegative } from '../validate/input-error.ts';

export function cycleL1Norm(n: number, alpha: number, lambda: number): number {
  return (positive('n', n) * positive('alpha', alpha) * positive('lambda', lambda)) / 2;
}

export function cycleFractionBelow(threshold: number, alpha: number, lambda: number): number {
  return Math.min(1, nonNegative('threshold', threshold) / (positive('alpha', alpha) * positive('lambda', lambda)));
}

/** Share of the entries with |w| < threshold (strictly, as `torch.abs(p) < threshold`). */
export function fractionBelow(w: ArrayLike<number>, threshold: number): number {
  if (w.length === 0) throw new InputError('weights', w.length, 'expected at least one weight');
  let below = 0;
  for (let i = 0; i < w.length; i++) if (Math.abs(w[i]) < threshold) below++;
  return below / w.length;
}
