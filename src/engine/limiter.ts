/**
 * How many writes may be in flight at once. The executor asks before each write
 * (`acquire`) and says when it is answered (`release`); the limiter decides when the
 * next one may start.
 */
export interface WriteLimiter {
  acquire(): Promise<void>;
  release(): void;
  /**
   * No write is worth waiting for any more (a cancellation, the deadline, the stop rule):
   * every queued `acquire` resolves at once, and so does every later one, so whoever waits
   * can see why and give up; holds (a Retry-After) end.
   */
  stop(): void;
  /** What the run started with, the most it may grow to, and the most writes that were in flight at once. */
  readonly concurrency: { start: number; max: number; reached: number };
}

/** How one write attempt was answered, as the HTTP layer saw it. */
export interface WriteAnswer {
  /** Undefined when no answer came (a network error or a timeout). */
  status?: number;
  /** From sending to the whole answer. */
  ms: number;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs?: number;
}

export interface AdaptiveOptions {
  start: number;
  max: number;
  now?: () => number;
  /** Multiplicative decrease: the limit is multiplied by this on a 429, a 503 or slow answers. */
  backoff?: number;
  /** The longest a Retry-After holds new writes (default 60 s, the HTTP layer's longest wait). */
  maxHoldMs?: number;
}

/** As long as the HTTP layer waits at most before a retry: a server's Retry-After of a day holds no run for a day. */
const MAX_HOLD_MS = 60_000;

/** Answers that count towards the early latency level. */
const EARLY_SAMPLES = 8;
/** Weight of the newest answer in the running latency. */
const SMOOTHING = 0.2;
/** How much slower the limit grows past the level a server refused with a 429. */
const PROBE_SLOWDOWN = 50;

/**
 * Additive increase, multiplicative decrease, as TCP does with its window. The limit
 * starts at `start` and grows by one for every `limit` writes that succeed fast while
 * writes are queued (so it grows only when it is what holds writes back),
 * up to `max`. A 429, a 503 or a running latency well above its early level multiplies
 * it by `backoff`, at most once per round of answers; a Retry-After also holds every new
 * write until it has passed. After a 429 the limit grows past the level that was refused
 * fifty times slower: a server that refused 9 writes in flight is probed again now and
 * then, not hammered.
 */
export class AdaptiveLimiter implements WriteLimiter {
  private limit: number;
  private inFlight = 0;
  private reached = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly now: () => number;
  private readonly backoff: number;
  private early: number[] = [];
  private earlyLevel?: number;
  private running?: number;
  /** No new write starts before this (epoch ms), after a Retry-After. */
  private holdUntil = 0;
  private holdTimer?: ReturnType<typeof setTimeout>;
  /** Answers still to come before another decrease may happen: one per round. */
  private cooldown = 0;
  /** The most writes in flight that the server refused with a 429. */
  private refusedAt = Infinity;
  private stopped = false;

  constructor(private readonly options: AdaptiveOptions) {
    this.limit = Math.max(1, options.start);
    this.now = options.now ?? Date.now;
    this.backoff = options.backoff ?? 0.7;
  }

  get concurrency() {
    return { start: this.options.start, max: Math.max(this.options.start, this.options.max), reached: this.reached };
  }

  /** The limit now (whole writes). */
  get current(): number {
    return Math.floor(this.limit);
  }

  acquire(): Promise<void> {
    if (this.stopped) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.dispatch();
    });
  }

  release(): void {
    this.inFlight--;
    this.dispatch();
  }

  stop(): void {
    this.stopped = true;
    this.holdUntil = 0;
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    for (const resolve of this.waiting.splice(0)) {
      this.inFlight++;
      resolve();
    }
  }

  /** Called with every answer to a write; adjusts the limit. */
  observe(answer: WriteAnswer): void {
    if (this.cooldown > 0) this.cooldown--;
    const refused = answer.status === 429 || answer.status === 503;
    if (refused) {
      if (answer.status === 429) this.refusedAt = Math.min(this.refusedAt, Math.max(1, this.inFlight));
      if (answer.retryAfterMs !== undefined && answer.retryAfterMs > 0) this.hold(answer.retryAfterMs);
      this.decrease();
      return;
    }
    if (answer.status === undefined || answer.status >= 500) return;
    const level = this.learn(answer.ms);
    if (level === undefined || this.running === undefined) return;
    if (this.running > Math.max(2 * level, level + 50)) this.decrease();
    // Only a write that succeeded earns more room: writes being refused (a 400 for a field
    // the instance requires) gain nothing from going faster, and the stop after the first
    // ten same-cause failures should find few others in flight.
    else if (answer.status < 300 && this.running <= Math.max(1.5 * level, level + 20) && this.waiting.length > 0) this.increase();
  }

  /** The early latency level once known; keeps the running (smoothed) latency. */
  private learn(ms: number): number | undefined {
    this.running = this.running === undefined ? ms : this.running + SMOOTHING * (ms - this.running);
    if (this.earlyLevel !== undefined) return this.earlyLevel;
    this.early.push(ms);
    if (this.early.length < EARLY_SAMPLES) return undefined;
    const sorted = [...this.early].sort((a, b) => a - b);
    this.earlyLevel = sorted[Math.floor(sorted.length / 2)] as number;
    this.early = [];
    return this.earlyLevel;
  }

  private increase(): void {
    const max = Math.max(this.options.start, this.options.max);
    // Below the level a server refused, one more per round; at or above it, one more per 50 rounds.
    const step = (this.limit + 1 >= this.refusedAt ? 1 / PROBE_SLOWDOWN : 1) / this.limit;
    this.limit = Math.min(max, this.limit + step);
    this.dispatch();
  }

  private decrease(): void {
    if (this.cooldown > 0) return;
    this.limit = Math.max(1, this.limit * this.backoff);
    // The answers to writes sent before this cut say nothing about the new limit.
    this.cooldown = Math.max(1, this.inFlight);
  }

  private hold(ms: number): void {
    if (this.stopped) return;
    this.holdUntil = Math.max(this.holdUntil, this.now() + Math.min(ms, this.options.maxHoldMs ?? MAX_HOLD_MS));
  }

  private dispatch(): void {
    const wait = this.holdUntil - this.now();
    if (wait > 0) {
      if (this.holdTimer === undefined) {
        this.holdTimer = setTimeout(() => {
          this.holdTimer = undefined;
          this.dispatch();
        }, wait);
      }
      return;
    }
    while (this.waiting.length > 0 && this.inFlight < this.current) {
      this.inFlight++;
      this.reached = Math.max(this.reached, this.inFlight);
      (this.waiting.shift() as () => void)();
    }
  }
}

/** A limit that never grows (`write-concurrency` equal to `max-write-concurrency`); it still backs off when told of refusals. */
export function fixedLimiter(limit: number): AdaptiveLimiter {
  return new AdaptiveLimiter({ start: limit, max: limit });
}
