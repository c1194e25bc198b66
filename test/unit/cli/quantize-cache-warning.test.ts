import { describe, expect, it } from 'vitest';
import { calibrationCacheWarning } from '../../../lib/cli/quantize.js';

describe('quantize --calibration-cache --trt-version', () => {
  it('warns for TensorRT 11 (no calibrator), not for 8.x or 10.x', () => {
    expect(calibrationCacheWarning('q.calib', '11.1.0')).toMatch(
      /TensorRT 11\.1\.0: TensorRT 11 has no calibrator .*Q\/DQ model/,
    );
    expect(calibrationCacheWarning('q.calib', '12.0')).toBeDefined();
    for (const version of ['8.2.1', '8.6.1', '10.3.0', undefined])
      expect(calibrationCacheWarning('q.calib', version)).toBeUndefined();
    expect(calibrationCacheWarning(undefined, '11.1.0')).toBeUndefined();
  });
});
