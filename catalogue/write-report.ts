/**
 * `npm run check:catalogue`: check every optimizer of the catalogue and write
 * the kill matrix, as the check's HTML report (expectations × optimizers) and
 * as text, to reports/check-catalogue/.
 */
import { join, resolve } from 'node:path';
import { MUTANTS, CORRECT, judge } from './index.ts';
import { checkReport, killMatrixText } from '../src/check/report.ts';
import { renderReport } from '../src/report/html.ts';
import { writeFileAtomic } from '../src/io/atomic-write.ts';

const dir = resolve(process.argv[2] ?? 'reports/check-catalogue');
const judged = [...MUTANTS, ...CORRECT].map(judge);
const checked = judged.map((j) => ({ name: `${j.entry.bug ? 'broken' : 'correct'}: ${j.entry.name}`, results: j.results, precision: j.entry.precision }));
const killed = judged.filter((j) => j.entry.bug && !j.accepted).length;
const accepted = judged.filter((j) => !j.entry.bug && j.accepted).length;
const line = `killed ${killed} of ${MUTANTS.length} broken optimizers, accepted ${accepted} of ${CORRECT.length} correct ones`;
writeFileAtomic(join(dir, 'kill-matrix.txt'), `${line}\n\n${killMatrixText(checked)}\n`);
writeFileAtomic(join(dir, 'index.html'), renderReport(checkReport(checked, { catalogue: line })));
process.stdout.write(`${line}\nkill matrix: ${join(dir, 'index.html')}, ${join(dir, 'kill-matrix.txt')}\n`);
