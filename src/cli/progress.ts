/** Where a progress line can go: stderr, so stdout stays clean for the report or JSON. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Below this many writes a run is over before a progress line would help. */
export const PROGRESS_MIN_WRITES = 20;

/**
 * A single line redrawn in place ("\r"), only on a terminal and only for runs with
 * many writes; it is erased before anything else is printed, so logs and the report
 * never end up glued to it.
 */
export class ProgressLine {
  private shown = false;
  private lastDraw = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  update(done: number, total: number): void {
    if (!this.enabled || !this.stream.isTTY || total < PROGRESS_MIN_WRITES) return;
    // Redrawing a few times a second is plenty and keeps a slow terminal out of the way.
    if (done < total && this.now() - this.lastDraw < 100) return;
    this.lastDraw = this.now();
    const percent = Math.floor((done / total) * 100);
    this.draw(`Writing to Oomnitza: ${done}/${total} (${percent}%)`);
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write(`\r${" ".repeat(this.width())}\r`);
    this.shown = false;
  }

  private draw(text: string): void {
    const line = text.slice(0, this.width());
    this.stream.write(`\r${line.padEnd(this.width())}\r${line}`);
    this.shown = true;
  }

  private width(): number {
    // A pseudo-terminal may report 0 columns; 80 is the classic width.
    return Math.max(20, (this.stream.columns || 80) - 1);
  }
}
