/**
 * A report set is written whole: two writers racing into one folder, round
 * after round, leave one writer's index.html, summary.json and summary.md
 * together, never a mix, and no staging folder or lock behind.
 */
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { writeReportSet, LOCK_NAME } from '../../src/report/report-set.ts';
import { testScratchDir } from '../scratch.ts';

const root = resolve(import.meta.dirname, '../..');
const FILES = ['summary.json', 'index.html', 'summary.md'];

/** A writer process and a way to wait for its answer to a round. */
function writer(dir: string, tag: string, big: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'test/report/fixtures/write-sets.ts', dir, tag, big], { cwd: root });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((done) => child.on('close', () => done()));
  return {
    round: async (r: number) => {
      child.stdin.write(`${r}\n`);
      const answer = await lines.next();
      if (answer.done || answer.value !== `done ${r}`) throw new Error(`writer ${tag} failed in round ${r}: ${stderr}`);
    },
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

const stampOf = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8').split('\n')[0];

describe('a report set', () => {
  it('two concurrent writers leave one whole set, round after round, and no staging folder or lock', async () => {
    const dir = testScratchDir('optspec-report-set-');
    const a = writer(dir, 'A', 'index.html');
    const b = writer(dir, 'B', 'summary.md');
    try {
      for (let r = 0; r < 40; r++) {
        await Promise.all([a.round(r), b.round(r)]);
        const stamps = FILES.map((f) => stampOf(dir, f));
        expect(new Set(stamps), `round ${r}: ${FILES.map((f, i) => `${f} from ${stamps[i]}`).join(', ')}`).toEqual(new Set([stamps[0]]));
        expect(stamps[0]).toMatch(new RegExp(`^[AB] ${r}$`));
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    expect(readdirSync(dir).sort()).toEqual([...FILES].sort());
  }, 120_000);

  it('keeps what else the folder holds, and replaces the files it writes', () => {
    const dir = testScratchDir('optspec-report-set-');
    mkdirSync(join(dir, 'check'));
    writeFileSync(join(dir, 'check', 'index.html'), 'the check report');
    writeReportSet(dir, { 'index.html': 'one', 'summary.json': '{}' });
    writeReportSet(dir, { 'index.html': 'two', 'summary.json': '[]' });
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('two');
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe('[]');
    expect(readFileSync(join(dir, 'check', 'index.html'), 'utf8')).toBe('the check report');
    expect(readdirSync(dir).sort()).toEqual(['check', 'index.html', 'summary.json']);
  });

  it('refuses a folder that is a file, or lies under one, in one line naming it', () => {
    const dir = testScratchDir('optspec-report-set-');
    writeFileSync(join(dir, 'file'), '');
    for (const target of [join(dir, 'file'), join(dir, 'file', 'reports')]) {
      expect(() => writeReportSet(target, { 'index.html': 'x' })).toThrow(`report folder: expected a folder (or a path where one can be made), but it or a parent is a file, got ${JSON.stringify(target)}`);
    }
  });

  it('takes over a lock whose owner has exited', () => {
    const dir = testScratchDir('optspec-report-set-');
    mkdirSync(dir, { recursive: true });
    // A pid no process has: the lock of a run that died mid-commit.
    writeFileSync(join(dir, LOCK_NAME), `2147483646 ${new Date().toISOString()}\n`);
    writeReportSet(dir, { 'index.html': 'after a crash' });
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('after a crash');
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
  });
});
