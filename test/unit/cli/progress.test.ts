import { describe, expect, it } from 'vitest';
import { Progress } from '../../../lib/pipeline/progress.js';

/** A stderr stand-in that records what was written, and the screen a terminal would show. */
function terminal() {
  const writes: string[] = [];
  const stream = {
    write: (text: string) => writes.push(text) > 0,
  } as unknown as NodeJS.WriteStream;
  /** Lines as a terminal shows them: \r returns to the line start, ESC [K erases the line. */
  const screen = () => {
    const text = writes.join('');
    const erase = '\u001b[K';
    const lines: string[] = [''];
    let column = 0;
    for (let at = 0; at < text.length; at++) {
      const current = lines.length - 1;
      if (text.startsWith(erase, at)) {
        lines[current] = lines[current].slice(0, column);
        at += erase.length - 1;
      } else if (text[at] === '\r') column = 0;
      else if (text[at] === '\n') {
        lines.push('');
        column = 0;
      } else {
        const line = lines[current];
        lines[current] = line.slice(0, column) + text[at] + line.slice(column + 1);
        column++;
      }
    }
    return lines;
  };
  return { stream, writes, screen };
}

describe('Progress on a terminal', () => {
  it('a line printed during the run never shares the bar line, and the bar is drawn again below it', () => {
    const { stream, screen } = terminal();
    const progress = new Progress(stream, true);
    progress.update(1, 4);
    progress.line('trtmap: skipped: ERR_DECODE: bad.jpg');
    const shown = screen();
    expect(shown[0]).toBe('trtmap: skipped: ERR_DECODE: bad.jpg');
    expect(shown[1]).toMatch(/^\[#{8}\.{22}\] 1\/4 /);
  });

  it('reaches 100% and ends its line there', () => {
    const { stream, writes, screen } = terminal();
    const progress = new Progress(stream, true);
    for (let done = 1; done <= 4; done++) progress.update(done, 4);
    expect(writes.at(-1)).toBe('\n');
    expect(screen().at(-2)).toMatch(/^\[#{30}\] 4\/4 /);
    // Nothing more to end: a later end() (the finally of a completed run) writes nothing.
    progress.end();
    expect(writes.at(-1)).toBe('\n');
    progress.line('after');
    expect(screen().slice(-2)).toEqual(['after', '']);
  });

  it('end() ends a bar left unfinished (an error, Ctrl-C) before anything else is printed', () => {
    const { stream, screen } = terminal();
    const progress = new Progress(stream, true);
    progress.update(2, 10);
    progress.end();
    stream.write('trtmap: interrupted (Ctrl-C): stopped at image 2 of 10\n');
    const shown = screen();
    expect(shown[0]).toMatch(/^\[#{6}\.{24}\] 2\/10 /);
    expect(shown[1]).toBe('trtmap: interrupted (Ctrl-C): stopped at image 2 of 10');
    expect([progress.done, progress.total]).toEqual([2, 10]);
  });

  it('without a terminal: plain lines every 10% up to 100%, labelled', () => {
    const { stream, writes } = terminal();
    const progress = new Progress(stream, false, 'fp16: ');
    for (let done = 1; done <= 20; done++) progress.update(done, 20);
    progress.line('note');
    // Deciles 0 (the first image) to 10.
    expect(writes.filter((w) => w.startsWith('fp16: progress:'))).toHaveLength(11);
    expect(writes.at(-2)).toMatch(/^fp16: progress: 20\/20 images, [\d.]+ images\/s, ETA /);
    expect(writes.at(-1)).toBe('note\n');
  });

  it('shows no rate in the first second (one image in microseconds is not a rate)', () => {
    const { stream, writes } = terminal();
    const progress = new Progress(stream, false, 'int8: ');
    progress.update(1, 100);
    expect(writes).toEqual(['int8: progress: 1/100 images\n']);
  });
});
