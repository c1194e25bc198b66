import { describe, expect, it } from 'vitest';
import { parseCfg, parseNetwork } from '../../../lib/darknet/index.js';
import { thrownTrtmapError } from '../../helpers/errors.js';

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
    ['a line without =', `${net}[convolutional]\nfilters 16\n`, 6],
    ['an empty value', `${net}[convolutional]\nfilters=\n`, 6],
  ])('ignores %s with a warning naming its line, as darknet does', (_, text, line) => {
    const warnings: string[] = [];
    const sections = parseCfg(text, 'model.cfg', warnings);
    expect(sections[1].options.size).toBe(0);
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^model\\.cfg:${line}: .*darknet ignores the line`)),
    ]);
  });

  it('reads CRLF, tabs, comments at line start and after values as darknet does', () => {
    const text =
      '[net]\r\n\twidth = 32\t# comment\r\nheight=32;x\r\n; note\r\n  # indented comment\r\nchannels=3\r\n' +
      '[convolutional]\r\nfilters=2 # two\r\nsize=1\r\nactivation=leaky\r\nfilters=9\r\n' +
      '[yolo]\r\nmask=0 #one\r\nanchors=1,2, 3,4 # pairs\r\nnum=2\r\nclasses=2 ;x\r\nignore_thresh=.7#x\r\n';
    const network = parseNetwork(
      text.replace('[yolo]', '[convolutional]\nfilters=7\nsize=1\n[yolo]'),
      'model.cfg',
    );
    expect(network.net).toMatchObject({ width: 32, height: 32, channels: 3 });
    const [first] = network.layers;
    expect(first).toMatchObject({ kind: 'convolutional', filters: 2, activation: 'leaky' });
    expect(network.layers[2]).toMatchObject({
      kind: 'yolo',
      mask: [0],
      anchors: [1, 2, 3, 4],
      classes: 2,
    });
    expect(network.warnings).toEqual([
      expect.stringMatching(
        /model\.cfg:11: filters is repeated in \[convolutional\]; darknet uses the first \(line 8\)/,
      ),
    ]);
  });

  it('an activation darknet does not know (a comment left in it) is ReLU, as darknet makes it', () => {
    const network = parseNetwork(
      `${net}[convolutional]\nfilters=2\nsize=1\nactivation=leaky#slope 0.1\n`,
      'model.cfg',
    );
    expect(network.layers[0]).toMatchObject({ activation: 'relu' });
    expect(network.warnings?.join()).toMatch(
      /model\.cfg:8: \[convolutional\] activation "leaky#slope0\.1" is not one darknet knows: darknet uses ReLU/,
    );
  });

  it.each([
    ['a broken header', `${net}[convolutional\n`, 5, /malformed section header/],
    ['an option before any section', 'width=3\n[net]\n', 1, /before the first \[section\]/],
    ['a comment after a header', `${net}[convolutional] # first\n`, 5, /no comment after a header/],
  ])('reports %s with its line number', (_, text, line, message) => {
    const error = thrownTrtmapError(() => parseCfg(text, 'model.cfg'));
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
    const error = thrownTrtmapError(() => parseNetwork(text, 'bad.cfg'));
    expect(error.code).toBe('ERR_DARKNET');
    expect(error.message).toMatch(new RegExp(`^bad\\.cfg:${line}: `));
    expect(error.message).toMatch(message);
  });

  it('requires [net] first with a size', () => {
    expect(
      thrownTrtmapError(() => parseNetwork('[convolutional]\nfilters=2\n', 'x.cfg')).message,
    ).toMatch(/x\.cfg:1: .*first section must be \[net\]/);
    expect(
      thrownTrtmapError(() => parseNetwork('[net]\nchannels=3\n[convolutional]\n', 'x.cfg'))
        .message,
    ).toMatch(/needs positive width/);
  });
});
