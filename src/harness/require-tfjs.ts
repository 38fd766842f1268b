import { createRequire } from 'node:module';

/**
 * TensorFlow.js is an optional peer of optspec: only `optspec/harness` needs
 * it, so matcher-only projects do not download it. The harness's entry calls
 * this before it loads, so a project without it gets one line naming what to
 * install instead of a module-resolution stack trace. The wasm backend is
 * optional (the harness falls back to the cpu one), so it is named as advice.
 */
export const TFJS_REQUIRED = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu'] as const;
export const TFJS_VERSION = '4.22.0';

export class MissingDependencyError extends Error {
  override name = 'MissingDependencyError';
}

export function requireTfjs(resolveFrom: string = import.meta.url): void {
  const require = createRequire(resolveFrom);
  const missing = TFJS_REQUIRED.filter((pkg) => {
    try {
      require.resolve(pkg);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  const install = [...missing, '@tensorflow/tfjs-backend-wasm'].map((pkg) => `${pkg}@${TFJS_VERSION}`).join(' ');
  throw new MissingDependencyError(`optspec/harness needs TensorFlow.js (${missing.join(', ')} not found): npm install --save-dev ${install}`);
}
