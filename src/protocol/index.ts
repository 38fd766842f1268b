export { commandOptimizer, commandMaker, startCommand, closeCommands, type CommandOptions, type CommandOptimizer, type SavedCommandState, type MakerOptions } from './command.ts';
export { PROTOCOL_VERSION, PROTOCOL_VERSIONS, type Hello } from './host.ts';
export { ProtocolError } from './error.ts';
export { encodeVector, decodeVector } from './codec.ts';
export { conformance, conformanceReport, type ConformanceCheck, type ConformanceOptions, type ConformanceReport } from './conformance.ts';
