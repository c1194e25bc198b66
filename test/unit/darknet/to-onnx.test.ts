import { describe, expect, it } from 'vitest';
import {
  convertDarknet,
  parseNetwork,
  readDecoderMetadata,
  readWeights,
  type DarknetNetwork,
} from '../../../lib/darknet/index.js';
import { TrtmapError } from '../../../lib/errors.js';
import { randomWeightsFile } from '../../parity/darknet/synthetic.js';

const yoloCfg =
  '[net]\nwidth=16\nheight=8\nchannels=3\nletter_box=1\n' +
  '[convolutional]\nbatch_normalize=1\nfilters=4\nsize=3\npad=1\nactivation=leaky\n' +
  '[convolutional]\nfilters=14\nsize=1\nactivation=linear\n' +
  '[yolo]\nmask=0,1\nanchors=1,2,3,4,5,6\nnum=3\nclasses=2\nscale_x_y=1.1\nnew_coords=0\nnms_kind=greedynms\nbeta_nms=0.5\n' +
  '[route]\nlayers=0\n' +
  '[convolutional]\nfilters=7\nsize=1\nactivation=linear\n' +
  '[yolo]\nmask=2\nanchors=1,2,3,4,5,6\nnum=3\nclasses=2\n';

function convert(network: DarknetNetwork, options = {}) {
  return convertDarknet(network, readWeights(randomWeightsFile(network, 7), network), options);
}

describe('convertDarknet', () => {
  it('names one raw output per head, folds batch norm and records the decoder metadata', () => {
    const network = parseNetwork(yoloCfg, 'two-heads.cfg');
    const { model, decoder, onnxParameters } = convert(network, { batch: 'dynamic' });
    expect(model.graph.outputs.map((output) => [output.name, output.shape])).toEqual([
      ['yolo_2', ['batch', 14, 8, 16]],
      ['yolo_5', ['batch', 7, 8, 16]],
    ]);
    expect(model.graph.inputs[0].shape).toEqual(['batch', 3, 8, 16]);
    expect(model.graph.nodes.map((node) => node.opType)).toEqual([
      'Conv',
      'LeakyRelu',
      'Conv',
      'Conv',
    ]);
    expect(onnxParameters).toBe(4 * 27 + 4 + 14 * 4 + 14 + 7 * 4 + 7);
    expect(readDecoderMetadata(model.metadata)).toEqual(decoder);
    expect(decoder).toMatchObject({
      inputWidth: 16,
      inputHeight: 8,
      letterBox: true,
      nmsKind: 'default',
      betaNms: 0.6,
      scale: 1 / 255,
      nmsThreshold: 0.45,
    });
    expect(decoder.heads[0]).toMatchObject({
      mask: [0, 1],
      classes: 2,
      scaleXY: 1.1,
      nmsKind: 'greedynms',
      betaNms: 0.5,
    });
    expect(decoder.heads[1]).toMatchObject({
      mask: [2],
      scaleXY: 1,
      nmsKind: 'default',
      betaNms: 0.6,
    });
  });

  it('adds an Identity when a head reads the input itself', () => {
    const network = parseNetwork(
      '[net]\nwidth=4\nheight=4\nchannels=6\n[yolo]\nmask=0\nanchors=1,1\nclasses=1\n',
    );
    const { model } = convert(network);
    expect(model.graph.nodes).toEqual([
      { name: 'yolo_0', opType: 'Identity', inputs: ['input'], outputs: ['yolo_0'] },
    ]);
  });

  it('refuses a cfg without [yolo] and an opset out of range', () => {
    const plain = parseNetwork(
      '[net]\nwidth=4\nheight=4\nchannels=3\n[convolutional]\nfilters=2\n',
      'plain.cfg',
    );
    expect(() => convert(plain)).toThrow(TrtmapError);
    expect(() => convert(plain)).toThrow(/plain\.cfg: no \[yolo\] layer/);
    expect(() => convert(parseNetwork(yoloCfg), { opset: 10 })).toThrow(/opset from 11 to 21/);
  });

  it('uses the Mish operator from opset 18 and composes it before', () => {
    const network = parseNetwork(yoloCfg.replace('activation=leaky', 'activation=mish'));
    const ops = (opset: number) =>
      convert(network, { opset }).model.graph.nodes.map((node) => node.opType);
    expect(ops(11)).toEqual(['Conv', 'Softplus', 'Tanh', 'Mul', 'Conv', 'Conv']);
    expect(ops(18)).toEqual(['Conv', 'Mish', 'Conv', 'Conv']);
  });
});
