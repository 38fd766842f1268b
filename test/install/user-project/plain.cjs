const { l1, sgd, runTrace } = require('optspec');

const trace = runTrace({ problem: l1({ lambda: 1, dim: 2 }), optimizer: sgd({ lr: 0.01 }), init: [0.5053, -0.3], steps: 10 });
process.stdout.write(`steps ${trace.length - 1}, loss ${trace.loss[10]}\n`);
