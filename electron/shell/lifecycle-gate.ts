/**
 * Lets work on the open catalogue run side by side (the core process answers messages as
 * they come, and an import or a backup awaits file I/O half-way), while whatever replaces or
 * closes the catalogue (open, restore, close) waits until that work has finished and holds
 * back work that arrives meanwhile. An exclusive step that is waiting goes before shared
 * work that arrives after it, so a stream of calls cannot keep a quit waiting for ever.
 */
export class LifecycleGate {
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  private waitingExclusive = 0;
  /** Settles when the last exclusive step queued so far has finished. */
  private exclusiveTail: Promise<void> = Promise.resolve();

  /** Work on the open catalogue: runs at once unless an exclusive step is waiting or running. */
  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.waitingExclusive > 0) await this.exclusiveTail;
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** A step that replaces or closes the catalogue: runs alone, after the work before it. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.waitingExclusive += 1;
    const run = this.exclusiveTail.then(async () => {
      try {
        await this.idle();
        return await work();
      } finally {
        this.waitingExclusive -= 1;
      }
    });
    this.exclusiveTail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** How many shared requests are running now. */
  get running(): number {
    return this.active;
  }

  private idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
