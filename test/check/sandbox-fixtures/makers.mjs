// Makers for the sandbox tests: plain SGD, and the same with one fault each,
// chosen by the export name. Plain JavaScript, so the worker loads it without tsx.
const sgdWith = (fault) => ({ lr }) =>
  Object.assign(
    (dim) => {
      let k = 0;
      return {
        step(params, grad) {
          k++;
          const r = fault(k);
          if (r !== undefined) return r;
          for (let i = 0; i < dim; i++) params[i] -= lr * grad[i];
        },
        save: () => ({ k }),
        load: (s) => { k = s.k; },
      };
    },
    { optimizerName: 'fixture-sgd', hyper: { lr } },
  );

export const sgd = sgdWith(() => undefined);
export const hangsAtStep3 = sgdWith((k) => { if (k === 3) for (;;); });
export const exitsAtStep2 = sgdWith((k) => { if (k === 2) process.exit(0); });
export const resolvedPromise = sgdWith(() => Promise.resolve());
export const rejectedPromise = sgdWith(() => Promise.reject(new Error('planted rejection')));
export const throwsNull = sgdWith(() => { throw null; });
export const throwsString = sgdWith(() => { throw 'planted string'; });
export const throwsObject = sgdWith(() => { throw { code: 7 }; });
export const makerThrowsNull = () => { throw null; };
export const notAFunction = 42;
/** Adds its weight decay into the gradient it was given, as a careless port of PyTorch's SGD would. */
export const mutatesGrad = ({ lr }) =>
  Object.assign(
    (dim) => ({
      step(params, grad) {
        for (let i = 0; i < dim; i++) {
          grad[i] += 0.1 * params[i];
          params[i] -= lr * grad[i];
        }
      },
    }),
    { optimizerName: 'fixture-sgd-wd', hyper: { lr } },
  );
