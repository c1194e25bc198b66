/**
 * A minimal protobuf wire-format encoder: just what ONNX's messages need
 * (varints, 32-bit floats, length-delimited strings, bytes and sub-messages,
 * packed repeated int64). Writing it here keeps the converter free of a
 * schema compiler and of any runtime dependency.
 */

const enum WireType {
  Varint = 0,
  Fixed32 = 5,
  LengthDelimited = 2,
}

const textEncoder = new TextEncoder();

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  /** An int32/int64/enum/bool field. Negative values take ten bytes, as protobuf requires. */
  int(field: number, value: number | bigint): this {
    this.tag(field, WireType.Varint);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WireType.Fixed32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WireType.LengthDelimited);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  /** A sub-message: `write` fills a fresh writer whose bytes become this field. */
  message(field: number, write: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated int64 field (proto3 packs scalars by default). */
  packedInts(field: number, values: ReadonlyArray<number | bigint>): this {
    const inner = new ProtoWriter();
    for (const value of values) inner.varint(value);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private tag(field: number, wireType: WireType): void {
    this.varint(field * 8 + wireType);
  }

  private varint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
      if (value >= 0 && value < 2 ** 31) {
        const bytes: number[] = [];
        while (value > 0x7f) {
          bytes.push((value & 0x7f) | 0x80);
          value >>>= 7;
        }
        bytes.push(value);
        this.push(Uint8Array.from(bytes));
        return;
      }
      value = BigInt(value);
    }
    // Two's complement in 64 bits, so -1 encodes as ten bytes like protoc does.
    let unsigned = BigInt.asUintN(64, value);
    const bytes: number[] = [];
    while (unsigned > 0x7fn) {
      bytes.push(Number(unsigned & 0x7fn) | 0x80);
      unsigned >>= 7n;
    }
    bytes.push(Number(unsigned));
    this.push(Uint8Array.from(bytes));
  }

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
}
