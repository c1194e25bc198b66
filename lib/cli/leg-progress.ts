import { Progress } from '../pipeline/progress.js';

/**
 * `compare`'s progress: one bar (or 10% lines) per leg's evaluation, labelled
 * with the leg, as `eval` draws its own; log lines never share the bar's line.
 */
export class LegProgress {
  private current: { leg: string; progress: Progress } | undefined;
  private readonly idle = new Progress();

  constructor(private readonly quiet = false) {}

  update(leg: string, done: number, total: number): void {
    if (this.current?.leg !== leg) {
      this.current?.progress.end();
      this.current = { leg, progress: new Progress(process.stderr, undefined, `${leg}: `) };
    }
    this.current.progress.done = done;
    this.current.progress.total = total;
    if (!this.quiet) this.current.progress.update(done, total);
  }

  /** A log line, printed above the bar when one is drawn. */
  line(text: string): void {
    (this.current?.progress ?? this.idle).line(text);
  }

  end(): void {
    this.current?.progress.end();
  }

  /** Where the run is: "in leg fp16 at image 40 of 100", for Ctrl-C. */
  where(): string {
    if (this.current === undefined) return 'before the first leg evaluated an image';
    const { leg, progress } = this.current;
    return `in leg ${leg} at image ${progress.done} of ${progress.total}`;
  }
}
