import type { Output } from "../output.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * A spinner with the elapsed time on stderr while the CLI waits. Only on a terminal: in a pipe or a CI log it
 * would be a stream of carriage returns, so there it writes nothing at all.
 */
export class Progress {
  #timer: NodeJS.Timeout | undefined;
  #label = "";
  #frame = 0;
  #started = Date.now();

  constructor(private readonly out: Output) {}

  get enabled(): boolean {
    return Boolean(this.out.errIsTty);
  }

  start(label: string): void {
    this.#label = label;
    if (!this.enabled) return;
    this.#started = Date.now();
    this.#draw();
    if (!this.#timer) {
      this.#timer = setInterval(() => this.#draw(), 100);
      // A forgotten spinner must never keep the process alive.
      this.#timer.unref();
    }
  }

  stop(): void {
    if (!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.out.stderr("\r\u001b[2K");
  }

  /** Runs `task` with the spinner showing `label`, and always clears the line afterwards. */
  async while<T>(label: string, task: () => Promise<T>): Promise<T> {
    this.start(label);
    try {
      return await task();
    } finally {
      this.stop();
    }
  }

  #draw(): void {
    const seconds = Math.floor((Date.now() - this.#started) / 1000);
    const frame = FRAMES[this.#frame++ % FRAMES.length];
    this.out.stderr(`\r\u001b[2K${frame} ${this.#label} (${seconds}s)`);
  }
}
