import { describe, expect, it } from 'vitest';
import { encodeModel } from '../../../lib/onnx/model.js';
import { ProtoWriter } from '../../../lib/onnx/protobuf.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('protobuf encoding', () => {
  it('writes varints, negative int64, floats, strings and packed ints as protoc does', () => {
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().int(2, -1).finish())).toBe('10ffffffffffffffffff01');
    expect(hex(new ProtoWriter().int(1, 2 ** 40).finish())).toBe('08808080808020');
    expect(hex(new ProtoWriter().float(2, 0.1).finish())).toBe('15cdcccc3d');
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
    expect(hex(new ProtoWriter().message(3, (inner) => inner.int(1, 150)).finish())).toBe(
      '1a03089601',
    );
  });

  it('encodes a ModelProto header with ir_version, producer, opset and metadata', () => {
    const bytes = encodeModel({
      irVersion: 6,
      opsetVersion: 11,
      producerName: 'p',
      producerVersion: '',
      graph: { name: 'g', nodes: [], initializers: [], inputs: [], outputs: [] },
      metadata: { k: 'v' },
    });
    // ir_version=6, producer_name="p", producer_version="", graph{name="g"}, opset{domain="", version=11}, metadata{k: v}
    expect(hex(bytes)).toBe(
      '0806' +
        '120170' +
        '1a00' +
        '3a03' +
        '120167' +
        '4204' +
        '0a00' +
        '100b' +
        '7206' +
        '0a016b' +
        '120176',
    );
  });
});
