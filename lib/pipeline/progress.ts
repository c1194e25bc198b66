import { performance } from 'node:perf_hooks';

/**
 * Progress on stderr: a bar redrawn in place with images/s and ETA on a
 * terminal, a plain line every 10% (and at the end) otherwise, so logs stay readable.
 */
export class Progress {
  private readonly started = performance.now();
  private lastDecile = -1;
  private lastDraw = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly interactive = Boolean(stream.isTTY),
  ) {}

  update(done: number, total: number): void {
    const now = performance.now();
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    if (this.interactive) {
      if (done < total && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
      this.stream.write(
        `\r[${bar}] ${done}/${total}  ${rate.toFixed(1)} images/s  ETA ${clock(eta)} `,
      );
      if (done === total) this.stream.write('\n');
      return;
    }
    const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (decile === this.lastDecile) return;
    this.lastDecile = decile;
    this.stream.write(
      `progress: ${done}/${total} images, ${rate.toFixed(1)} images/s, ETA ${clock(eta)}\n`,
    );
  }
}

function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
