import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { ProtocolError, clip } from './error.ts';
import { PIPE_WORKER_SOURCE } from './pipe-worker.ts';
import { guardProcessGroup, type Release } from '../io/cleanup.ts';

export interface ChannelOptions {
  /** Working directory of the command (default: the current one). */
  readonly cwd?: string;
  /** Extra environment variables for the command. */
  readonly env?: Readonly<Record<string, string>>;
}

interface Exit {
  code: number | null;
  signal: string | null;
  error: string | null;
  stderr: string;
}
type Message = { line: string } | { exit: Exit };

const live = new Set<Channel>();
let exitHookInstalled = false;

/** No child outlives optspec: whatever ends the process normally kills every channel's process group. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) c.kill();
  });
}

/**
 * A synchronous line-in, line-out conversation with a child process started
 * from a shell command. A worker thread owns the pipes (./pipe-worker.ts);
 * this thread blocks in Atomics.wait until the reply arrives, the child
 * exits, or the deadline passes. Every failure kills the child's process
 * group and is thrown as a ProtocolError.
 */
export class Channel {
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private readonly worker: Worker;
  private dead: string | null = null;
  private release: Release = () => {};

  constructor(readonly command: string, options: ChannelOptions = {}) {
    const shared = new SharedArrayBuffer(12);
    this.signal = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.port.unref();
    const env = { ...process.env, OPTSPEC_PARENT_PID: String(process.pid), ...options.env };
    this.worker = new Worker(PIPE_WORKER_SOURCE, {
      eval: true,
      workerData: { command, cwd: options.cwd ?? process.cwd(), env, port: port2, shared },
      transferList: [port2],
    });
    this.worker.unref();
    installExitHook();
    live.add(this);
    this.guard();
  }

  /**
   * Wait (briefly: the worker spawns at once) until the shell is started, and
   * register its process group, so that it is killed even if optspec is
   * ended by a signal (src/io/cleanup.ts).
   */
  private guard(): void {
    const deadline = performance.now() + 10_000;
    while (Atomics.load(this.signal, 2) === 0) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      Atomics.wait(this.signal, 0, Atomics.load(this.signal, 0), Math.min(left, 50));
    }
    this.release = guardProcessGroup(this.pid);
  }

  /** The process id of the shell running the command (its process group id), 0 until it started. */
  get pid(): number {
    return Atomics.load(this.signal, 1);
  }

  get alive(): boolean {
    return this.dead === null;
  }

  /**
   * Send one JSON message and return the child's JSON reply. A reply with
   * `ok: false` is returned as is (the child is still usable); anything else
   * that is not a JSON object, a crash, or silence past `timeoutMs` throws.
   */
  request(message: object, at: string, timeoutMs: number): Record<string, unknown> {
    if (this.dead) throw new ProtocolError(this.command, at, this.dead);
    const early = receiveMessageOnPort(this.port)?.message as Message | undefined;
    // An exit reads the same whether it came before or after the request reached it (that is only timing).
    if (early) this.fail(at, this.describe(early, 'line' in early ? 'before it was asked anything' : ''));
    this.port.postMessage(JSON.stringify(message));
    const reply = this.next(performance.now() + timeoutMs);
    if (reply === null) this.fail(at, `no reply within ${timeoutMs / 1000} s; the process was killed`);
    if ('exit' in reply) this.fail(at, this.describe(reply, ''));
    let parsed: unknown;
    try {
      parsed = JSON.parse(reply.line);
    } catch {
      this.fail(at, `wrote a line that is not protocol JSON: ${JSON.stringify(clip(reply.line))}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as { ok?: unknown }).ok !== 'boolean') {
      this.fail(at, `wrote a line that is not a protocol reply (an object with "ok"): ${JSON.stringify(clip(reply.line))}`);
    }
    return parsed as Record<string, unknown>;
  }

  /** Kill the process group now and stop the worker; later requests throw `reason`. */
  kill(reason = 'the process was closed'): void {
    if (!this.dead) this.dead = reason;
    const pid = this.pid;
    if (pid > 0) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone.
      }
    }
    live.delete(this);
    this.release();
    this.release = () => {};
    void this.worker.terminate();
  }

  /** Close the child's stdin: an adapter must exit at end of input. */
  endInput(): void {
    if (!this.dead) this.port.postMessage(null);
  }

  /** Wait up to `ms` for the child to exit by itself (after a close request); true if it did. */
  awaitExit(ms: number): boolean {
    const deadline = performance.now() + ms;
    for (;;) {
      const m = this.next(deadline);
      if (m === null) return false;
      if ('exit' in m) return true;
    }
  }

  /** Protocol violations leave the child in an unknown state: kill it and throw. */
  fail(at: string, what: string): never {
    this.kill(`the process was killed earlier: ${what}`);
    throw new ProtocolError(this.command, at, what);
  }

  private next(deadline: number): Message | null {
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const got = receiveMessageOnPort(this.port);
      if (got) return got.message as Message;
      const left = deadline - performance.now();
      if (left <= 0) return null;
      Atomics.wait(this.signal, 0, seen, left);
    }
  }

  private describe(m: Message, when: string): string {
    if ('line' in m) return `wrote output nobody asked for ${when}: ${JSON.stringify(clip(m.line))}`.replace('  ', ' ');
    const { code, signal, error, stderr } = m.exit;
    const how = error ? `could not be started (${error})` : signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    return `the process ${how}${when ? ` ${when}` : ''}${tail ? `; its stderr ends: ${clip(tail, 300)}` : ''}`;
  }
}
