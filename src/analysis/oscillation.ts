/**
 * Shape of a loss curve that oscillates: how often it turns, and whether it
 * climbs before it starts alternating (000 Fig. 3, 001 Fig. 4).
 */
import { InputError, nonNegative } from '../validate/input-error.ts';

/**
 * Share of the steps k in [1, n − 2] where the loss turns (L_{k+1} − L_k and
 * L_k − L_{k−1} of opposite sign), both moves larger than `floor`. 1 is the
 * fastest oscillation a step sequence can show: period 2. The floor keeps
 * rounding wobble around a converged loss from counting as oscillation.
 */
export function turnRate(loss: ArrayLike<number>, floor: number): number {
  checkLoss(loss, 3);
  const f = nonNegative('floor', floor);
  let turns = 0;
  for (let k = 1; k < loss.length - 1; k++) {
    const before = loss[k] - loss[k - 1];
    const after = loss[k + 1] - loss[k];
    if (before * after < 0 && Math.abs(before) > f && Math.abs(after) > f) turns++;
  }
  return turns / (loss.length - 2);
}

/**
 * From the first local minimum of the loss, the number of consecutive steps it
 * rises before its next turn, with the steps where the rise starts and ends.
 * 0 when the loss never turns upwards.
 */
export function riseBeforeOscillation(loss: ArrayLike<number>): { rises: number; from: number; to: number } {
  checkLoss(loss, 3);
  let k = 1;
  while (k < loss.length && !(loss[k] > loss[k - 1])) k++;
  if (k === loss.length) return { rises: 0, from: -1, to: -1 };
  const from = k - 1;
  while (k < loss.length && loss[k] > loss[k - 1]) k++;
  return { rises: k - 1 - from, from, to: k - 1 };
}

function checkLoss(loss: ArrayLike<number>, min: number): void {
  if (loss.length < min) throw new InputError('loss', loss.length, `expected at least ${min} steps`);
  for (let k = 0; k < loss.length; k++) if (!Number.isFinite(loss[k])) throw new InputError(`loss[${k}]`, loss[k], 'expected a finite loss');
}
