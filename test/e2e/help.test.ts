import { describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';

/**
 * Every option that takes a value says in --help what leaving it out means,
 * except the inputs a command needs (one of its model or dataset options).
 */
const required: Record<string, string[]> = {
  eval: ['onnx', 'engine', 'darknet', 'coco', 'images', 'voc'],
  compare: ['coco', 'images', 'voc', 'atol', 'rtol'], // atol/rtol state theirs as "(1e-5)"
  bench: ['engine', 'onnx'],
  build: ['shape', 'calibration-tensors', 'uff-input', 'uff-output'],
};

describe('--help shows the defaults', () => {
  it.each(['score', 'convert', 'eval', 'detect', 'bench', 'compare', 'report', 'build'])(
    'trtmap %s --help',
    (command) => {
      const run = trtmap(command, '--help');
      expect(run.code).toBe(0);
      const missing = run.stdout
        .split('\n')
        .map((line) => /^\s+(?:-\w, )?--([a-z0-9-]+) <[^>]*>\s+(.*)$/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .filter(([, , text]) => !/default|required/i.test(text))
        .map(([, name]) => name)
        .filter((name) => !(required[command] ?? []).includes(name));
      expect(missing).toEqual([]);
    },
  );

  it('--iou states its range: NMS takes [0, 1], the VOC matching threshold (0, 1]', () => {
    expect(trtmap('eval', '--help').stdout).toMatch(/--iou <t>\s+NMS IoU threshold in \[0, 1\]/);
    expect(trtmap('score', '--help').stdout).toMatch(
      /--iou <t>\s+IoU threshold of the VOC metrics, in \(0, 1\]/,
    );
    const refused = trtmap('score', 'gt.json', 'dt.json', '--iou', '0');
    expect([refused.code, refused.stderr.trim()]).toEqual([
      2,
      'trtmap: ERR_INVALID_ARGUMENT: Expected a number in (0, 1] for --iou but received "0"',
    ]);
  });

  it('a default comes from the shared table where the option has none of its own', () => {
    expect(trtmap('eval', '--help').stdout).toMatch(
      /--limit <n>\s+evaluate the first n images only \(default: every image\)/,
    );
  });
});
