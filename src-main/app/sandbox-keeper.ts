import path from 'node:path';
import type { Dialect } from '../sandbox/dialects.js';
import type { RunningSandbox } from '../sandbox/sandbox.js';

export interface EmbeddedSandboxChoices {
  /** Speed-up factor of the simulated pipeline (tests). */
  speed?: number | undefined;
  /** Seed example images (for a first look) when its data dir is new. */
  demo: boolean;
  /** Where the API document is silent, answer as these real servers do (support staff reproducing a customer's). */
  dialects?: readonly Dialect[] | undefined;
}

/**
 * The embedded sandbox, started on first use and kept across reconnects (switching the user or the speed of the
 * queue must not restart it). Its data lives in `<stateDir>/sandbox`.
 */
export class SandboxKeeper {
  private running: Promise<RunningSandbox> | undefined;

  constructor(
    private readonly stateDir: string,
    private readonly choices: EmbeddedSandboxChoices,
  ) {}

  /** Where its data lives: what identifies this sandbox as a destination across runs (its port changes). */
  get dataDir(): string {
    return path.join(this.stateDir, 'sandbox');
  }

  ensure(): Promise<RunningSandbox> {
    this.running ??= this.launch().catch((error: unknown) => {
      this.running = undefined;
      throw error;
    });
    return this.running;
  }

  /** The sandbox if it is up, without starting it. */
  async current(): Promise<RunningSandbox | undefined> {
    return this.running?.catch(() => undefined);
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await (await running?.catch(() => undefined))?.close();
  }

  private async launch(): Promise<RunningSandbox> {
    // Loaded only when needed: the sandbox pulls in the AWS SDK and Fastify, which a real server never needs.
    const { startSandbox } = await import('../sandbox/sandbox.js');
    return startSandbox({
      dataDir: this.dataDir,
      port: 0,
      ...(this.choices.speed ? { speed: this.choices.speed } : {}),
      demo: this.choices.demo,
      dialects: this.choices.dialects ?? [],
    });
  }
}
