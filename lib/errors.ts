/**
 * The one error type trtmap throws or rejects with. `code` is stable and
 * documented; messages may improve over time, codes do not change.
 */
export const ErrorCodes = [
  'ERR_INVALID_ARGUMENT',
  'ERR_FILE_NOT_FOUND',
  'ERR_IO',
  'ERR_PARSE',
  'ERR_DATASET',
  'ERR_RESULTS',
  'ERR_DECODE',
  'ERR_DISPOSED',
  'ERR_NATIVE_LOAD',
  'ERR_NO_CUDA_DEVICE',
  'ERR_CUDA',
  'ERR_TENSORRT_NOT_FOUND',
  'ERR_TENSORRT_VERSION',
  'ERR_TRT_BUILD',
  'ERR_TRT_ENGINE',
  'ERR_TRT_RUN',
  'ERR_SHAPE',
  'ERR_DARKNET',
  'ERR_ONNX',
  'ERR_BACKEND',
  'ERR_UNSUPPORTED',
  /** The model contract cannot be resolved: an ambiguous output signature, classes matching no category. */
  'ERR_MODEL_CONTRACT',
  'ERR_INTERNAL',
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

export interface TrtmapErrorOptions {
  cause?: unknown;
  /** File the error is about, when there is one. */
  file?: string;
}

export class TrtmapError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;

  constructor(code: ErrorCode, message: string, options: TrtmapErrorOptions = {}) {
    super(message);
    this.name = 'TrtmapError';
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.cause !== undefined) {
      // `cause` as an own property, as ES2022 does, without needing lib es2022 typings.
      Object.defineProperty(this, 'cause', {
        value: options.cause,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
  }
}

export function isTrtmapError(value: unknown): value is TrtmapError {
  return value instanceof TrtmapError;
}

/** "Expected <what> for <name> but received <value>" (STYLE.md habit 2). */
export function invalidArgument(what: string, name: string, value: unknown): TrtmapError {
  return new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `Expected ${what} for ${name} but received ${describeValue(value)}`,
  );
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}
