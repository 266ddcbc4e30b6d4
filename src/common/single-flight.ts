/**
 * Runs a task at most once at a time: asked while it runs, it runs once more right after,
 * however often it was asked meanwhile. For loops that read everything afresh on each run
 * (a drain, a report), so one run after the requests covers them all. The task handles its
 * own errors; `repeatIf` may hold back the rerun (say, while the task is failing, until a
 * timer asks again).
 */
export class SingleFlight {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly repeatIf: () => boolean = () => true,
  ) {}

  /** Starts a run, or asks the running one to be followed by another. */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.task().finally(() => {
      this.running = null;
      if (this.again && this.repeatIf()) {
        this.again = false;
        this.request();
      }
    });
  }

  /** Called by a run that is about to read afresh: the requests so far are covered by it. */
  absorbRequests(): void {
    this.again = false;
  }

  /** Resolves when no run is in progress (a rerun it schedules is not waited for). */
  async idle(): Promise<void> {
    await this.running;
  }

  /** No more runs; waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
