import { describe, expect, it } from 'vitest';
import { parseCfg, parseNetwork } from '../../../lib/darknet/index.js';
import { TrtmapError } from '../../../lib/errors.js';

function thrown(run: () => unknown): TrtmapError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TrtmapError);
    return error as TrtmapError;
  }
  throw new Error('expected a TrtmapError');
}

const net = '[net]\nwidth=16\nheight=16\nchannels=3\n';

describe('parseCfg', () => {
  it('strips whitespace like darknet, skips comments and keeps the first of repeated keys', () => {
    const sections = parseCfg(
      '# header\n[net]\r\n width = 416 \n;note\nwidth=1\n\n[Yolo]\nmask = 0, 1,2\n',
    );
    expect(sections.map((section) => section.type)).toEqual(['net', 'yolo']);
    expect(sections[0].options.get('width')).toEqual({ value: '416', line: 3 });
    expect(sections[1].options.get('mask')).toEqual({ value: '0,1,2', line: 8 });
    expect(sections[1].line).toBe(7);
  });

  it.each([
    ['a line without =', `${net}[convolutional]\nfilters 16\n`, 6, /expected key=value/],
    ['an empty value', `${net}[convolutional]\nfilters=\n`, 6, /expected key=value/],
    ['a broken header', `${net}[convolutional\n`, 5, /malformed section header/],
    ['an option before any section', 'width=3\n[net]\n', 1, /before the first \[section\]/],
  ])('reports %s with its line number', (_, text, line, message) => {
    const error = thrown(() => parseCfg(text, 'model.cfg'));
    expect(error.code).toBe('ERR_DARKNET');
    expect(error.message).toMatch(new RegExp(`^model\\.cfg:${line}: `));
    expect(error.message).toMatch(message);
  });
});

describe('parseNetwork errors', () => {
  it.each([
    [
      'an unknown layer type',
      `${net}\n[reorg3d]\nstride=2\n`,
      6,
      /unknown or unsupported layer type/,
    ],
    [
      'a non-integer option',
      `${net}[convolutional]\nfilters=1x6\n`,
      6,
      /expected an integer for filters/,
    ],
    [
      'an unsupported activation',
      `${net}[convolutional]\nactivation=elu\n`,
      6,
      /activation "elu" is not supported/,
    ],
    [
      'a route to a later layer',
      `${net}[convolutional]\n[route]\nlayers=3\n`,
      7,
      /not an earlier layer/,
    ],
    [
      'groups that do not divide the channels',
      `${net}[convolutional]\ngroups=2\nfilters=4\n`,
      6,
      /groups=2 must divide/,
    ],
    [
      'a yolo head with the wrong channel count',
      `${net}[convolutional]\nfilters=20\n[yolo]\nmask=0\nanchors=1,2\nclasses=2\n`,
      7,
      /need 7/,
    ],
    ['a binary convolution', `${net}[convolutional]\nbinary=1\n`, 6, /binary is not supported/],
    ['a negative upsample stride', `${net}[upsample]\nstride=-2\n`, 6, /only positive/],
    [
      'a maxpool that empties the map',
      `${net}[maxpool]\nsize=40\nstride=1\npadding=0\n`,
      5,
      /output would be empty/,
    ],
  ])('rejects %s with the line number', (_, text, line, message) => {
    const error = thrown(() => parseNetwork(text, 'bad.cfg'));
    expect(error.code).toBe('ERR_DARKNET');
    expect(error.message).toMatch(new RegExp(`^bad\\.cfg:${line}: `));
    expect(error.message).toMatch(message);
  });

  it('requires [net] first with a size', () => {
    expect(thrown(() => parseNetwork('[convolutional]\nfilters=2\n', 'x.cfg')).message).toMatch(
      /x\.cfg:1: .*first section must be \[net\]/,
    );
    expect(
      thrown(() => parseNetwork('[net]\nchannels=3\n[convolutional]\n', 'x.cfg')).message,
    ).toMatch(/needs positive width/);
  });
});
