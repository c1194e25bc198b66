import { performance } from 'node:perf_hooks';

/**
 * Progress on stderr: a bar redrawn in place with images/s and ETA on a
 * terminal, a plain line every 10% (and at the end) otherwise, so logs stay readable.
 * Other lines go through `line()`, which ends the bar's line first (and redraws
 * the bar under them), and `end()` ends a bar left unfinished (an error, Ctrl-C),
 * so nothing is ever printed after a bar on its line.
 */
export class Progress {
  private readonly started = performance.now();
  private lastDecile = -1;
  // performance.now() counts from the process's start: the first bar must draw even then.
  private lastDraw = -Infinity;
  /** The bar drawn last, while it is on the current line (not yet ended by a newline). */
  private openBar: string | undefined;
  /** The last count reported: where an interrupted run stopped. */
  done = 0;
  total = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly interactive = Boolean(stream.isTTY),
    /** Written before the bar or line, e.g. the leg of a comparison. */
    private readonly label = '',
  ) {}

  update(done: number, total: number): void {
    this.done = done;
    this.total = total;
    const now = performance.now();
    const seconds = (now - this.started) / 1000;
    // Under a second the rate is noise (1 image in 3 us reads 329597.9 images/s): shown from 1 s
    // on, and at the end (the whole run's average).
    const rate = seconds >= 1 || (done === total && seconds > 0) ? done / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    if (this.interactive) {
      if (done < total && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
      this.openBar = `${this.label}[${bar}] ${done}/${total}  ${rateText(rate, eta, '  ')} `;
      this.stream.write(`\r${this.openBar}`);
      if (done === total) this.end();
      return;
    }
    const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (decile === this.lastDecile) return;
    this.lastDecile = decile;
    this.stream.write(
      `${this.label}progress: ${done}/${total} images${rate > 0 ? `, ${rateText(rate, eta, ', ')}` : ''}\n`,
    );
  }

  /** Writes `text` (one or more whole lines) so that it never shares a line with the bar. */
  line(text: string): void {
    const bar = this.openBar;
    // Erase the bar, print the line where it was, and draw the bar again below.
    if (bar !== undefined) this.stream.write('\r\x1b[K');
    this.stream.write(text.endsWith('\n') ? text : `${text}\n`);
    if (bar !== undefined) this.stream.write(bar);
  }

  /** Ends an unfinished bar's line; nothing when none is drawn. */
  end(): void {
    if (this.openBar === undefined) return;
    this.openBar = undefined;
    this.stream.write('\n');
  }
}

function rateText(rate: number, eta: number, separator: string): string {
  return rate > 0 ? `${rate.toFixed(1)} images/s${separator}ETA ${clock(eta)}` : '';
}

function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
