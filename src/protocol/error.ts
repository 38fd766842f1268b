/**
 * Anything that goes wrong with an external optimizer's process, in one line
 * naming the command, where in the run it happened (the handshake, init, or
 * the step number) and what went wrong.
 */
export class ProtocolError extends Error {
  constructor(readonly command: string, readonly at: string, readonly what: string) {
    super(`command ${JSON.stringify(command)}, ${at}: ${what}`);
    this.name = 'ProtocolError';
  }
}

/** A line or message cut to a length that fits in an error message. */
export function clip(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
