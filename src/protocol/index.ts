export { commandOptimizer, commandMaker, startCommand, closeCommands, type CommandOptions, type CommandOptimizer, type SavedCommandState, type MakerOptions } from './command.ts';
export { PROTOCOL_VERSION, type Hello } from './host.ts';
export { ProtocolError } from './error.ts';
export { encodeVector, decodeVector } from './codec.ts';
export { conformance, type ConformanceCheck, type ConformanceOptions } from './conformance.ts';
