/**
 * optspec against PyTorch, side by side in one run: SGD steps per second on
 * relu-regression 20×500 and lasso 20×500, both float64 and single-threaded
 * (PyTorch: autograd + torch.optim.SGD; optspec: closed-form gradients), as a
 * ratio against the target of issue 19 (bench/torch-ratio.ts).
 * Needs Debian's python3-torch (/usr/bin/python3, or OPTSPEC_PYTHON).
 *
 *   npm run bench:torch
 */
import { printTorchRatios, torchRatios } from './torch-ratio.ts';

const { torch, ratios } = await torchRatios();
printTorchRatios(torch, ratios);
