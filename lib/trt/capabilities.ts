/**
 * What trtmap can and cannot do with a given TensorRT version, for `doctor`,
 * `build` and the README's table. Pure: from the version numbers (and
 * whether the addon was compiled with the UFF parser's header).
 */

export interface TensorRtCapabilities {
  /** "8.2.1" */
  version: string;
  /** Things this TensorRT and trtmap do together. */
  can: string[];
  /** Things they do not, each with what to do instead. */
  cannot: string[];
}

function parse(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return [major, minor];
}

export function tensorRtCapabilities(version: string, uffParser = false): TensorRtCapabilities {
  const [major, minor] = parse(version);
  const can = ['engines from ONNX models', 'plugin libraries (--plugins)'];
  const cannot: string[] = [];
  if (major === 8) {
    if (uffParser) can.push('engines from UFF models (TensorFlow SSD of the Jetson samples)');
    else cannot.push('UFF models: this addon was built without NvUffParser.h');
  } else {
    cannot.push('UFF models: TensorRT 10 removed the UFF parser (convert to ONNX)');
  }
  if (major <= 10) {
    can.push(
      'FP16 and INT8 builds of a plain FP32 ONNX (weakly typed: builder flags, INT8 calibration)',
    );
    can.push('INT8 from a model with Q/DQ nodes (explicit quantization)');
  } else {
    cannot.push(
      'weak typing: no FP16/INT8 builder flags and no calibrator; FP16 and INT8 engines come from an ONNX model that carries the precision (FP16 weights, Q/DQ nodes)',
    );
  }
  if (major >= 10)
    can.push(
      major >= 11
        ? 'strongly typed networks (the only kind)'
        : 'strongly typed networks (stronglyTyped)',
    );
  else cannot.push('strongly typed networks: they need TensorRT 10');
  if (major >= 10) can.push('outputs whose shape depends on the data (IOutputAllocator)');
  else
    cannot.push(
      'outputs whose shape depends on the data: trtmap uses the binding API of TensorRT 8',
    );
  if (major >= 10) can.push('version-compatible plans (versionCompatible)');
  if (major === 8) {
    can.push(
      'concurrent contexts of dynamic-shape engines, one optimization profile each (build --contexts N)',
    );
  }
  if (major === 8 && minor < 4) {
    can.push('a 256 MiB builder workspace by default (TensorRT 8.0-8.3 would give none)');
  }
  return { version, can, cannot };
}
