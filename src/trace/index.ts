export { traceFromJsonl, traceFromJsonlText, traceToJsonl, RecordedTrace, JSONL_FORMAT } from './jsonl.ts';
export { Trace, type TraceMeta, type TraceLayout } from './trace.ts';
export { runTrace, type RunOptions } from './run.ts';
export { traceToJson, traceJsonChunks, traceFromJson, encodeNumber, decodeNumber, type TraceJson, type JsonNumber } from './serialize.ts';
export { coordinateLabel, TensorSeries } from './tensor.ts';
