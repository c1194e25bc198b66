import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNamesFile, readNamesFile } from '../../../lib/data/categories.js';
import { convertDarknet, parseNetwork } from '../../../lib/darknet/index.js';
import { convertDarknetFiles, grayPreprocessingAvailable } from '../../../lib/darknet/files.js';
import { formatSummary } from '../../../lib/darknet/summary.js';
import { readWeights } from '../../../lib/darknet/weights.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../../helpers/fixtures.js';
import { thrownTrtmapError } from '../../helpers/errors.js';
import { tempFolder } from '../../helpers/temp-folder.js';

const { write } = tempFolder('trtmap-darknet-files-');

/** A one-head network whose weights are 20 header bytes + its floats, all zero. */
const tinyCfg =
  '[net]\nwidth=64\nheight=64\nchannels=3\n[convolutional]\nfilters=18\nsize=1\nstride=2\n' +
  '[yolo]\nmask=0,1,2\nanchors=1,2,3,4,5,6\nnum=3\nclasses=1\n';
function weightsFor(cfg: string): Buffer {
  const network = parseNetwork(cfg);
  const floats = network.layers.reduce(
    (sum, layer) =>
      layer.kind === 'convolutional'
        ? sum + layer.filters * (1 + layer.input.channels * layer.size ** 2)
        : sum,
    0,
  );
  const header = Buffer.alloc(20);
  header.writeInt32LE(0, 0);
  header.writeInt32LE(2, 4);
  header.writeInt32LE(5, 8);
  return Buffer.concat([header, Buffer.alloc(floats * 4)]);
}

describe('darknet files', () => {
  const cfg = write('tiny.cfg', tinyCfg);
  const weights = write('tiny.weights', weightsFor(tinyCfg));

  it('converts a cfg written with a UTF-8 byte-order mark and CRLF, or in UTF-16, as the plain one', () => {
    const plain = convertDarknetFiles(cfg, weights);
    // Same file name in other folders: the path goes into the model's doc string.
    const bom = write(
      'bom/tiny.cfg',
      Buffer.from(`\ufeff${tinyCfg.replace(/\n/g, '\r\n')}`, 'utf8'),
    );
    const utf16 = write(
      'utf16/tiny.cfg',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tinyCfg, 'utf16le')]),
    );
    for (const file of [bom, utf16]) {
      const converted = convertDarknetFiles(file, weights);
      expect(converted.model.graph).toEqual(plain.model.graph);
      expect(converted.decoder).toEqual(plain.decoder);
    }
  });

  it('swapped arguments, a cfg given twice, and a TFLite model each say what they are', () => {
    expect(thrownTrtmapError(() => convertDarknetFiles(weights, cfg)).message).toMatch(
      /tiny\.weights is binary and .*tiny\.cfg is text: the arguments look swapped; give the \.cfg first/,
    );
    expect(thrownTrtmapError(() => convertDarknetFiles(cfg, cfg)).message).toMatch(
      /tiny\.cfg is a text file, not darknet weights/,
    );
    const tflite = write(
      'model.tflite',
      Buffer.from('\x1c\x00\x00\x00TFL3\x00\x00\x00\x00', 'latin1'),
    );
    expect(thrownTrtmapError(() => convertDarknetFiles(tflite, weights)).message).toMatch(
      /model\.tflite is not a darknet cfg \(a TensorFlow Lite model\)/,
    );
  });

  it('an input size the network cannot take names the sizes it can', () => {
    const error = thrownTrtmapError(() =>
      convertDarknetFiles(cfg, weights, { inputWidth: 101, inputHeight: 64 }),
    );
    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toMatch(
      /--input-size 101x64: darknet models take sizes that are multiples of 2 .* use a width of 100 or 102 and a height of 64/,
    );
    const own = write('odd.cfg', tinyCfg.replace('width=64', 'width=65'));
    expect(thrownTrtmapError(() => convertDarknetFiles(own, weights)).code).toBe('ERR_DARKNET');
  });
});

describe.skipIf(!fixturesRoot)(
  `a darknet model with one input channel (wild/darknet-grayscale-channels1)${fixturesRoot ? '' : `: ${fixturesMissingReason}`}`,
  () => {
    const cfg = () => fixture('wild/darknet-grayscale-channels1/gray-tiny.cfg');
    const weights = () => fixture('wild/darknet-grayscale-channels1/gray-tiny.weights');

    it('converts to a one-channel input whose metadata and summary say gray, not RGB', () => {
      const network = parseNetwork(readFileSync(cfg(), 'utf8'), cfg());
      const result = convertDarknet(network, readWeights(readFileSync(weights()), network));
      expect(result.model.graph.inputs[0].shape).toEqual([1, 1, 64, 64]);
      expect(result.decoder).toMatchObject({ channels: 1, channelOrder: 'gray' });
      const summary = formatSummary(
        {
          ...result,
          network,
          weights: readWeights(readFileSync(weights()), network),
          onnx: new Uint8Array(0),
        },
        'gray.onnx',
      );
      expect(summary).toMatch(/input {7}input \[1, 1, 64, 64\] one gray channel \(darknet's luma/);
      expect(summary).not.toMatch(/RGB/);
    });

    it('converts from files only where eval and detect can feed it one channel, else refuses at convert time', () => {
      if (grayPreprocessingAvailable()) {
        expect(convertDarknetFiles(cfg(), weights()).decoder.channelOrder).toBe('gray');
      } else {
        const error = thrownTrtmapError(() => convertDarknetFiles(cfg(), weights()));
        expect(error.code).toBe('ERR_UNSUPPORTED');
        expect(error.message).toMatch(
          /channels=1: a grayscale model, which this build cannot feed/,
        );
      }
    });
  },
);

describe('darknet .names files', () => {
  it('line k names class k, as get_labels reads them: interior blank lines count, trailing ones do not', () => {
    expect(parseNamesFile('person\r\nbicycle \r\n\r\ncar\n\n\n')).toEqual([
      'person',
      'bicycle',
      '',
      'car',
    ]);
  });

  it('reads any encoding and warns about blank lines', () => {
    const file = write(
      'coco.names',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('person\r\n\r\ncar\r\n', 'utf16le')]),
    );
    const { names, warnings } = readNamesFile(file);
    expect(names).toEqual(['person', '', 'car']);
    expect(warnings.join()).toMatch(/coco\.names: line\(s\) 2 are blank/);
  });
});
