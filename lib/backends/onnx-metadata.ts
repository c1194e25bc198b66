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
