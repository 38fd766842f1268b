import { fitLine, type LineFit } from './statistics.ts';
import { type Verdict, held, broken, num, gapNum } from './verdict.ts';
import { InputError } from '../validate/input-error.ts';

/** Samples of the gradient norm ‖∇L‖ and a Hessian norm ‖H‖ along a path. */
export interface CurvatureSamples {
  gradNorm: ArrayLike<number>;
  hessNorm: ArrayLike<number>;
}

export interface GrowthOptions {
  /** Decades ‖∇L‖ must span before the test may decide. Default GROWTH_MIN_DECADES (1). */
  minDecades?: number;
  /** Confidence level of the slope interval. Default GROWTH_CONFIDENCE (0.95). */
  confidence?: number;
}

/** Decades of ‖∇L‖ a growth test needs by default: less cannot tell a slope of 1 from 2 through noise. */
export const GROWTH_MIN_DECADES = 1;
/** The default confidence level of the slope interval. */
export const GROWTH_CONFIDENCE = 0.95;

export interface GrowthFit extends LineFit {
  decades: number;
  gradRange: [number, number];
}

/**
 * The log–log slope b of ‖H‖ ≈ C·‖∇L‖^b, by least squares on log10 of both.
 * (L0,L1)-smoothness, ‖H‖ ≤ L0 + L1‖∇L‖, caps b at 1 once ‖∇L‖ is large;
 * a slope whose whole interval lies above 1 is growth no such bound survives.
 * Refuses to decide (throws) when ‖∇L‖ spans too few decades.
 */
export function fitGrowth(samples: CurvatureSamples, options: GrowthOptions = {}): GrowthFit {
  const { gradNorm, hessNorm } = (samples ?? {}) as Partial<CurvatureSamples>;
  if (!gradNorm || !hessNorm || gradNorm.length !== hessNorm.length) {
    throw new InputError('samples', samples, 'expected { gradNorm, hessNorm } of equal length');
  }
  const minDecades = options.minDecades ?? GROWTH_MIN_DECADES;
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < gradNorm.length; i++) {
    const g = gradNorm[i];
    const h = hessNorm[i];
    if (!(g > 0 && Number.isFinite(g))) throw new InputError(`samples.gradNorm[${i}]`, g, 'expected a finite number > 0');
    if (!(h > 0 && Number.isFinite(h))) throw new InputError(`samples.hessNorm[${i}]`, h, 'expected a finite number > 0');
    x.push(Math.log10(g));
    y.push(Math.log10(h));
  }
  if (x.length < 5) throw new InputError('samples', `${x.length} samples`, 'expected at least 5 samples');
  const lo = Math.min(...x);
  const hi = Math.max(...x);
  const decades = hi - lo;
  if (decades < minDecades) {
    throw new InputError('samples.gradNorm', `${num(10 ** lo)}..${num(10 ** hi)}`, `expected a range of at least ${minDecades} decade(s) before deciding on growth (got ${decades.toFixed(2)})`);
  }
  return { ...fitLine(x, y, options.confidence ?? GROWTH_CONFIDENCE), decades, gradRange: [10 ** lo, 10 ** hi] };
}

export function growsSuperlinearly(samples: CurvatureSamples, options: GrowthOptions = {}): Verdict {
  const fit = fitGrowth(samples, options);
  const level = Math.round((options.confidence ?? GROWTH_CONFIDENCE) * 100);
  const [low, high] = fit.slopeInterval;
  const text = `log–log slope ${num(fit.slope)} (${level}% interval ${low.toFixed(3)}..${high.toFixed(3)}${options.confidence === undefined ? ', the default confidence' : ''}) over ‖∇L‖ from ${num(fit.gradRange[0])} to ${num(fit.gradRange[1])}, ${fit.n} samples`;
  // The interval's lower end against 1 is the gap; the confidence level plays the tolerance's part.
  return low > 1
    ? held(`‖H‖ grows superlinearly in ‖∇L‖: ${text}; the interval's lower end is ${gapNum(low - 1, 0)} above 1`)
    : broken(`‖H‖ does not grow superlinearly in ‖∇L‖: ${text}; the interval must lie above 1, and its lower end is ${gapNum(1 - low, 0)} short of it`);
}
