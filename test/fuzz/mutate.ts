import fc from 'fast-check';

/**
 * Inputs for a fuzz target as fast-check arbitraries: a seed file with up to
 * eight mutations (bit flips, byte writes, inserted random bytes or format
 * tokens, a token repeated up to 60,000 times, deletions, truncation,
 * duplicated or spliced ranges), then maybe
 * re-encoded (a UTF-8 byte-order mark, UTF-16 LE/BE with one, Latin-1 bytes
 * under an XML declaration); one input in eight is random bytes. Positions
 * are taken modulo the current length, so every mutation applies.
 */
export interface MutatedInput {
  seed: number;
  mutations: Mutation[];
  encoding: 'none' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'latin1-declared';
  random?: Uint8Array;
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'token'; at: number; token: number }
  | { kind: 'repeat'; at: number; token: number; times: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'splice'; seed: number; from: number; length: number; at: number };

const position = fc.nat({ max: 1 << 20 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('flip' as const),
      at: position,
      bit: fc.nat({ max: 7 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      at: position,
      value: fc.nat({ max: 255 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: position,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('token' as const), at: position, token: fc.nat() }),
  },
  // A token repeated: nesting thousands deep, long digit runs, many lines.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('repeat' as const),
      at: position,
      token: fc.nat(),
      times: fc.constantFrom(2, 17, 300, 6000, 60000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: position,
      length: fc.integer({ min: 1, max: 64 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      at: position,
      length: fc.integer({ min: 1, max: 256 }),
      to: position,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      seed: fc.nat(),
      from: position,
      length: fc.integer({ min: 1, max: 512 }),
      at: position,
    }),
  },
);

export const mutatedInput: fc.Arbitrary<MutatedInput> = fc.oneof(
  {
    weight: 7,
    arbitrary: fc.record({
      seed: fc.nat(),
      mutations: fc.array(mutation, { maxLength: 8 }),
      encoding: fc.constantFrom(
        'none',
        'none',
        'none',
        'none',
        'utf8-bom',
        'utf16le',
        'utf16be',
        'latin1-declared',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      seed: fc.constant(0),
      mutations: fc.constant([] as Mutation[]),
      encoding: fc.constant('none' as const),
      random: fc.uint8Array({ maxLength: 512 }),
    }),
  },
);

/** The bytes an input stands for, given the target's seeds and tokens. */
export function materialize(
  input: MutatedInput,
  seeds: readonly Uint8Array[],
  tokens: readonly string[],
): Uint8Array {
  if (input.random !== undefined) return input.random;
  let bytes = Buffer.from(seeds[input.seed % seeds.length]);
  const at = (value: number, extra = 0) => value % (bytes.length + extra);
  for (const step of input.mutations) {
    switch (step.kind) {
      case 'flip':
        if (bytes.length > 0) bytes[at(step.at)] ^= 1 << step.bit;
        break;
      case 'set':
        if (bytes.length > 0) bytes[at(step.at)] = step.value;
        break;
      case 'insert':
      case 'token':
      case 'repeat': {
        const token = (index: number) => Buffer.from(tokens[index % tokens.length] ?? '', 'utf8');
        const inserted =
          step.kind === 'insert'
            ? Buffer.from(step.bytes)
            : step.kind === 'repeat'
              ? Buffer.concat(Array<Buffer>(step.times).fill(token(step.token)))
              : token(step.token);
        const where = at(step.at, 1);
        bytes = Buffer.concat([bytes.subarray(0, where), inserted, bytes.subarray(where)]);
        break;
      }
      case 'delete': {
        const where = at(step.at, 1);
        bytes = Buffer.concat([bytes.subarray(0, where), bytes.subarray(where + step.length)]);
        break;
      }
      case 'truncate':
        bytes = bytes.subarray(0, at(step.at, 1));
        break;
      case 'duplicate': {
        const from = at(step.at, 1);
        const piece = bytes.subarray(from, from + step.length);
        const where = at(step.to, 1);
        bytes = Buffer.concat([bytes.subarray(0, where), piece, bytes.subarray(where)]);
        break;
      }
      case 'splice': {
        const other = seeds[step.seed % seeds.length];
        const from = step.from % (other.length + 1);
        const where = at(step.at, 1);
        bytes = Buffer.concat([
          bytes.subarray(0, where),
          other.subarray(from, from + step.length),
          bytes.subarray(where),
        ]);
        break;
      }
    }
  }
  return reencode(bytes, input.encoding);
}

function reencode(bytes: Buffer, encoding: MutatedInput['encoding']): Uint8Array {
  if (encoding === 'none') return bytes;
  if (encoding === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  const textForm = bytes.toString('utf8');
  if (encoding === 'latin1-declared') {
    return Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>'),
      Buffer.from(textForm, 'latin1'),
    ]);
  }
  const little = Buffer.from(textForm, 'utf16le');
  if (encoding === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), little]);
  const big = Buffer.from(little);
  big.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), big]);
}
