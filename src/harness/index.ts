/**
 * The TensorFlow.js harness for the deep claims, as `optspec/harness` (kept
 * out of the main entry so that the float64 core loads without TensorFlow.js).
 */
export { selectBackend, currentBackend, type BackendChoice, type BackendInfo } from './backend.ts';
export { loadFashionMnist, loadImages, syntheticImages, DatasetError, DEFAULT_FASHION_MNIST_DIR, type ImageSet, type LoadOptions } from './data/fashion-mnist.ts';
export { probeAdapter, describeAdapter, type AdapterSummary } from './webgpu.ts';
export { buildModel, vggLayers, VGG, activate, type Model, type ModelSpec, type Activation, type Init } from './models.ts';
export { train, makeTfOptimizer, type TrainOptions, type DeepTrace, type DeepOptimizer } from './train.ts';
export { TIERS, tierFromEnv, isStockTier, type Tier } from './tiers.ts';
export { reluVsGeluRuns, pairedGaps, type Run } from './experiments/relu-vs-gelu.ts';
export { l1PruningRuns, PRUNING_ALPHA, PRUNING_LAMBDAS, type PruningRun } from './experiments/l1-pruning.ts';
