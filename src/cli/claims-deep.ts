/**
 * `npm run claims:deep -- --tier smoke|full --backend auto|tensorflow|webgpu|wasm|cpu`:
 * runs the deep claims (specs/deep) at the chosen scale and writes the report.
 * The specs run under vitest, which also loads TensorFlow.js's ES modules.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { judgeableTier, tierFromEnv } from '../harness/tiers.ts';

const args = process.argv.slice(2);
const env: Record<string, string> = {};
for (let i = 0; i < args.length; i++) {
  const [flag, value] = [args[i], args[i + 1]];
  if (flag === '--tier' && value) env.OPTSPEC_TIER = value;
  else if (flag === '--backend' && value) env.OPTSPEC_BACKEND = value;
  else {
    process.stderr.write(`optspec claims:deep: ${flag}: expected --tier smoke|full or --backend auto|tensorflow|webgpu|wasm|cpu, got ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  i++;
}
// Settings the verdict rules cannot judge (one seed, a fine-tuning too short to collapse) are refused
// here, in one line, before minutes of training; so is any other bad OPTSPEC_* value.
const merged = { ...process.env, ...env };
try {
  judgeableTier(tierFromEnv(merged), merged);
} catch (err) {
  process.stderr.write(`optspec claims:deep: ${(err as Error).message}\n`);
  process.exit(2);
}
// vitest exports its package.json but not its bin script: find the script beside it.
const pkgPath = createRequire(import.meta.url).resolve('vitest/package.json');
const vitest = join(dirname(pkgPath), 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', '--project', 'deep', '--reporter=default', '--reporter=./src/report/reporter.ts'], {
  stdio: 'inherit',
  env: { ...process.env, ...env },
});
process.exit(result.status ?? 1);
