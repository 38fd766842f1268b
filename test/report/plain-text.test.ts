/**
 * Text as the reports show it: no terminal codes anywhere (names, claims,
 * notes, plots, fidelity items, environment), Markdown that shows test names
 * literally, todo apart from skipped, and a thrown plain object by its content.
 */
import { describe, expect, it } from 'vitest';
import { stripAnsi, thrownText, QUOTE_LIMIT } from '../../src/report/plain-text.ts';
import { failureText } from '../../src/report/reporter.ts';
import { summarise, type TestOutcome } from '../../src/report/summary.ts';
import { renderReport } from '../../src/report/html.ts';
import { renderMarkdown, mdText, mdCode } from '../../src/report/markdown.ts';

const RED = '\u001b[31m';
const OFF = '\u001b[39m';
const LINK = (text: string) => `\u001b]8;;https://example.com\u0007${text}\u001b]8;;\u0007`;

describe('terminal codes', () => {
  it('strips colour (7- and 8-bit), hyperlinks, other escapes and a lone ESC', () => {
    expect(stripAnsi(`${RED}red${OFF} \u009b1mbold\u009b22m ${LINK('link')} \u001b(Bx \u001b`)).toBe('red bold link x ');
    expect(stripAnsi('\u001b]0;title\u001b\\after')).toBe('after');
  });

  it('never reach the summary, the page or the Markdown, wherever they came in', () => {
    const claim = { id: `c${RED}1${OFF}`, title: `${RED}A claim${OFF}`, paper: '001', section: LINK('Sec. 1'), statement: `${RED}holds${OFF}` };
    const outcome: TestOutcome = {
      file: `${RED}f.spec.ts${OFF}`,
      name: `${RED}coloured name${OFF}`,
      state: 'failed',
      errors: [`${RED}boom${OFF}`],
      claim,
      evidence: [{ claim, optimizers: [`${RED}sgd${OFF}`], precision: 'float64', notes: [`${RED}note${OFF}`], figures: [{ label: `${RED}fig${OFF}`, measured: `${RED}1${OFF}` }], plots: [{ title: `${RED}plot${OFF}`, x: 'step', y: 'loss', series: [{ name: `${RED}s${OFF}`, points: [[0, 1], [1, 2]] }] }] }],
      fidelity: [{ paper: '001', where: `${RED}App. B${OFF}`, statement: 's', paperValue: 1, measured: 2, comparison: 'c', status: 'differs', claim: 'c1' }],
    };
    const s = summarise([outcome], { node: `${RED}v20${OFF}` });
    for (const text of [JSON.stringify(s), renderReport(s), renderMarkdown(s)]) expect(text).not.toMatch(/[\u001b\u009b]/);
    expect(s.claims[0].claim.id).toBe('c1');
    expect(s.claims[0].tests[0].name).toBe('coloured name');
    expect(s.optimizers).toEqual(['sgd']);
  });
});

describe('a thrown value that is not an Error', () => {
  it('shows a plain object as its JSON, leaving out what vitest adds when it serialises it', () => {
    expect(failureText({ code: 42, reason: 'bad', stacks: [] })).toBe('threw a non-Error value: {"code":42,"reason":"bad"}');
    expect(thrownText({})).toBe('threw a non-Error value: [object Object]');
  });

  it(`cuts a long one to ${QUOTE_LIMIT} characters and says how long it was`, () => {
    const text = thrownText({ blob: 'x'.repeat(5000) });
    expect(text).toMatch(/^threw a non-Error value: \{"blob":"x+… \(5011 characters\)$/);
    expect(text.length).toBeLessThan(QUOTE_LIMIT + 60);
  });

  it('names the keys of one JSON cannot hold, and shows strings, null and errors as themselves', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(thrownText(circular)).toBe('threw a non-Error value: {a, self}');
    expect(thrownText(null)).toBe('null');
    expect(thrownText('a string')).toBe('a string');
    expect(failureText({ message: `${RED}expected 1${OFF}`, diff: `${RED}- 1${OFF}` })).toBe('expected 1\n\n- 1');
  });
});

describe('summary.md', () => {
  it('shows names and claim fields literally: HTML as entities, Markdown characters escaped', () => {
    expect(mdText('<img src=x onerror=alert(1)> *not bold* _x_ [link](y) a|b `c` \\')).toBe('&lt;img src=x onerror=alert(1)&gt; \\*not bold\\* \\_x\\_ \\[link\\](y) a\\|b \\`c\\` \\\\');
    expect(mdCode('a`b')).toBe('``a`b``');
    const claim = { id: 'c1', title: '<b>bold</b> claim', paper: '001', section: '<i>Sec</i>', statement: 's' };
    const s = summarise([{ file: '<u>f</u>.ts', name: '<script>x</script>', state: 'failed', errors: ['<pre>kept in a fence</pre>'], claim, evidence: [] }], {});
    const md = renderMarkdown(s);
    // Outside code spans (where text is literal anyway), no tag survives.
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/<b>|<i>|<u>|<script>/);
    expect(md).toContain('| &lt;b&gt;bold&lt;/b&gt; claim (`c1`) | 001 &lt;i&gt;Sec&lt;/i&gt; | **violated** |');
    expect(md).toContain('- **&lt;script&gt;x&lt;/script&gt;** (`<u>f</u>.ts`), claim `c1`');
    expect(md).toContain('```\n<pre>kept in a fence</pre>\n```');
  });
});

describe('todo tests', () => {
  it('are counted as todo, not skipped, and shown as todo', () => {
    const claim = { id: 'c1', title: 'A claim', paper: '001', section: 's', statement: 's' };
    const s = summarise(
      [
        { file: 'f.ts', name: 'later', state: 'todo', errors: [], evidence: [] },
        { file: 'f.ts', name: 'skipped', state: 'skipped', errors: [], evidence: [] },
        { file: 'f.ts', name: 'part', state: 'todo', errors: [], evidence: [], claim },
        { file: 'f.ts', name: 'held', state: 'passed', errors: [], evidence: [], claim },
      ],
      {},
    );
    expect(s.otherTests).toMatchObject({ passed: 0, failed: 0, skipped: 1, todo: 1 });
    const html = renderReport(s);
    expect(html).toContain('1 skipped, 1 todo.');
    expect(html).toMatch(/<li data-test-state="todo"><span class="v skipped">todo<\/span> part/);
    expect(html).toContain('1 held, 1 todo');
    expect(renderMarkdown(s)).toContain('0 failed, 1 skipped, 1 todo.');
  });
});
