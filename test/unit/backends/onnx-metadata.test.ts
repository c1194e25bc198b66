import { describe, expect, it } from 'vitest';
import { foreignModelKind, readOnnxMetadataProps } from '../../../lib/backends/onnx-metadata.js';
import { TrtmapError } from '../../../lib/errors.js';

describe('readOnnxMetadataProps on files that are not ONNX', () => {
  const weightsHeader = Buffer.alloc(24);
  weightsHeader.writeInt32LE(0, 0);
  weightsHeader.writeInt32LE(2, 4);
  weightsHeader.writeInt32LE(5, 8);

  it.each([
    [
      'a TFLite model',
      Buffer.from('\x18\x00\x00\x00TFL3\x00\x00\x0e\x00', 'latin1'),
      /TensorFlow Lite model, not ONNX: convert it first/,
    ],
    [
      'a darknet cfg',
      Buffer.from('[net]\nwidth=416\n'),
      /a darknet \.cfg, not ONNX: give --darknet <cfg> <weights>/,
    ],
    ['darknet weights', weightsHeader, /darknet weights \(version 0\.2\.5\), not ONNX/],
    [
      'a PyTorch checkpoint',
      Buffer.from('PK\x03\x04', 'latin1'),
      /zip archive \(a PyTorch \.pt checkpoint\?\)/,
    ],
  ])('%s is ERR_UNSUPPORTED saying what it is and what to do', (_name, bytes, message) => {
    expect(foreignModelKind(bytes)).toMatch(message);
    try {
      readOnnxMetadataProps(bytes, 'model.onnx');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TrtmapError);
      expect((error as TrtmapError).code).toBe('ERR_UNSUPPORTED');
      expect((error as TrtmapError).message).toMatch(/^model\.onnx: /);
    }
  });

  it('an ONNX model starts with field 1 (ir_version) and is not mistaken for anything', () => {
    expect(
      foreignModelKind(Buffer.from([0x08, 0x07, 0x12, 0x06, 0x74, 0x72, 0x74, 0x6d, 0x61, 0x70])),
    ).toBeUndefined();
  });
});
