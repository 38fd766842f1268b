// A process that uses an external optimizer and then ends badly, for the test
// that no child outlives optspec:  parent.ts <command> <exit|throw|wait|step-forever>
import { commandOptimizer } from '../../../src/protocol/index.ts';

const [command, mode] = process.argv.slice(2);
const opt = commandOptimizer(command, { lr: 0.1 }, { stepTimeout: 600 })(2);
const p = new Float64Array([1, 2]);
const g = new Float64Array([1, 1]);
opt.step(p, g);
process.stdout.write(`ready ${process.pid}\n`);
if (mode === 'exit') process.exit(0);
if (mode === 'throw') throw new Error('planted uncaught error');
if (mode === 'wait') setInterval(() => {}, 1000);
if (mode === 'step-forever') for (;;) opt.step(p, g);
