import { TrtmapError } from '../errors.js';

/** ModelProto.metadata_props (onnx.proto: `repeated StringStringEntryProto metadata_props = 14`). */
const metadataPropsField = 14;

/**
 * The metadata_props of a serialized ONNX model, read straight from the
 * protobuf wire format (ONNX Runtime's Node API does not expose them). Only
 * the top-level fields are walked; the graph is skipped, not parsed.
 */
export function readOnnxMetadataProps(
  bytes: Uint8Array,
  source = '<model>',
): Record<string, string> {
  const foreign = foreignModelKind(bytes);
  if (foreign !== undefined) {
    throw new TrtmapError('ERR_UNSUPPORTED', `${source}: ${foreign}`, { file: source });
  }
  const props: Record<string, string> = {};
  const reader = new WireReader(bytes, source);
  while (!reader.done()) {
    const [field, wireType] = reader.tag();
    if (field === metadataPropsField && wireType === 2) {
      const entry = new WireReader(reader.bytes(), source);
      let key = '';
      let value = '';
      while (!entry.done()) {
        const [entryField, entryType] = entry.tag();
        if (entryField === 1 && entryType === 2) key = entry.string();
        else if (entryField === 2 && entryType === 2) value = entry.string();
        else entry.skip(entryType);
      }
      props[key] = value;
    } else reader.skip(wireType);
  }
  return props;
}

/**
 * What a file given as an ONNX model is when its first bytes say it is
 * something else people pass by mistake, with what to do; undefined when it
 * may be ONNX.
 */
export function foreignModelKind(bytes: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(4, 8) === 'TFL3') {
    return (
      'a TensorFlow Lite model, not ONNX: convert it first, e.g. ' +
      'python -m tf2onnx.convert --tflite model.tflite --output model.onnx'
    );
  }
  if (ascii(0, 2) === 'PK')
    return 'a zip archive (a PyTorch .pt checkpoint?), not ONNX: export the model to ONNX first';
  if (ascii(1, 4) === 'HDF')
    return 'an HDF5 file (a Keras .h5 model?), not ONNX: convert it to ONNX first';
  const text = ascii(0, Math.min(bytes.length, 256)).replace(/^\ufeff|^\u00ef\u00bb\u00bf/, '');
  if (/^\s*(\[(net|network)\]|#)/.test(text)) {
    return 'a darknet .cfg, not ONNX: give --darknet <cfg> <weights> (or convert it: trtmap convert darknet)';
  }
  if (bytes.length >= 20) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, 12);
    const [major, minor, revision] = [0, 4, 8].map((at) => view.getInt32(at, true));
    if (major === 0 && minor >= 1 && minor <= 2 && revision >= 0 && revision < 10) {
      return `darknet weights (version ${major}.${minor}.${revision}), not ONNX: give --darknet <cfg> <weights>`;
    }
  }
  return undefined;
}

const decoder = new TextDecoder();

class WireReader {
  private position = 0;

  constructor(
    private readonly buffer: Uint8Array,
    private readonly source: string,
  ) {}

  done(): boolean {
    return this.position >= this.buffer.length;
  }

  tag(): [number, number] {
    const tag = this.varint();
    return [Math.floor(tag / 8), tag % 8];
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.position >= this.buffer.length) throw this.truncated();
      const byte = this.buffer[this.position++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }

  bytes(): Uint8Array {
    const length = this.varint();
    if (this.position + length > this.buffer.length) throw this.truncated();
    const bytes = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return bytes;
  }

  string(): string {
    return decoder.decode(this.bytes());
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.position += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.position += 4;
    else
      throw new TrtmapError(
        'ERR_ONNX',
        `${this.source}: not an ONNX model (protobuf wire type ${wireType})`,
      );
  }

  private truncated(): TrtmapError {
    return new TrtmapError('ERR_ONNX', `${this.source}: truncated or not an ONNX model`, {
      file: this.source,
    });
  }
}
