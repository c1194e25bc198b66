import { describe, expect, it } from 'vitest';
import { inputRailOf, parseTegrastatsLine } from '../../../lib/board/tegrastats.js';

// Real tegrastats lines, each with where it was published.
const lines = {
  // Jetson Nano, JetPack 4 (L4T 32): rbonghi/jetson_stats tests/tegrastats ("Other example Jetson Nano").
  nano: 'RAM 1180/3965MB (lfb 1x2MB) SWAP 149/1024MB (cached 7MB) IRAM 0/252kB(lfb 252kB) CPU [30%@1036,33%@1036,28%@1036,26%@1036] EMC_FREQ 10%@1600 GR3D_FREQ 0%@76 NVENC 716 NVDEC 716 APE 25 PLL@57C CPU@60.5C PMIC@100C GPU@59C AO@65C thermal@59.75C POM_5V_IN 4520/4680 POM_5V_GPU 0/0 POM_5V_CPU 1078/1205',
  // Orin NX/Nano class (6 cores, VDD_IN / VDD_CPU_GPU_CV / VDD_SOC, mW units, JetPack 6 era, 2025):
  // rbonghi/jetson_stats issue #624. Xavier NX on JetPack 5 has the same three rails (VDD_IN,
  // VDD_CPU_GPU_CV, VDD_SOC); no public JetPack 5 Xavier NX line was found to quote.
  orin: '05-15-2025 18:30:28 RAM 6982/7620MB (lfb 5x1MB) SWAP 2640/16384MB (cached 202MB) CPU [97%@1984,95%@1984,95%@1984,91%@1984,88%@1984,93%@247] EMC_FREQ 18%@3199 GR3D_FREQ 84%@[713] NVENC 1%@115 NVDEC 40%@115 NVJPG off NVJPG1 off VIC 31%@115 OFA off NVDLA0 off PVA0_FREQ off APE 174 cv0@63.031C cpu@65.562C soc2@64.156C soc0@63.031C cv1@62.937C gpu@63.5C tj@65.562C soc1@64.718C cv2@60.875C VDD_IN 17946mW/15710mW VDD_CPU_GPU_CV 8896mW/7585mW VDD_SOC 3923mW/3515mW',
  // AGX Xavier, JetPack 4.2: martinkersner/gtop pull request #7. Per-domain rails only: no input rail.
  agxXavier:
    'RAM 14700/15692MB (lfb 3x2MB) SWAP 898/8192MB (cached 23MB) CPU [0%@1190,0%@1190,0%@1190,0%@1190,0%@1190,0%@1190,0%@1190,0%@1190] EMC_FREQ 0% GR3D_FREQ 0% AO@30C GPU@30.5C Tboard@31C Tdiode@32C AUX@30.5C CPU@31.5C thermal@30.8C PMIC@100C GPU 463/463 CPU 618/618 SOC 2936/2936 CV 0/0 VDDRQ 309/309 SYS5V 3306/3306',
};

describe('tegrastats lines', () => {
  it('Nano (JetPack 4): POM_5V_IN in mW without a unit, CPU, EMC and GPU frequencies', () => {
    const sample = parseTegrastatsLine(lines.nano)!;
    expect(inputRailOf(sample)).toBe('POM_5V_IN');
    expect(sample.rails.POM_5V_IN).toEqual({ currentMw: 4520, averageMw: 4680 });
    expect(sample.rails.POM_5V_CPU).toEqual({ currentMw: 1078, averageMw: 1205 });
    expect(sample.rails.POM_5V_GPU).toEqual({ currentMw: 0, averageMw: 0 });
    expect(Object.keys(sample.rails).sort()).toEqual(['POM_5V_CPU', 'POM_5V_GPU', 'POM_5V_IN']);
    expect(sample.cpuFrequenciesMhz).toEqual([1036, 1036, 1036, 1036]);
    expect(sample).toMatchObject({ emcFrequencyMhz: 1600, gpuFrequencyMhz: 76, gpuLoadPercent: 0 });
    expect(sample.temperaturesC).toMatchObject({ GPU: 59, thermal: 59.75, CPU: 60.5 });
  });

  it('cores that are off and frequencies that are missing: null and absent, never zero', () => {
    // NVIDIA's tegrastats documentation: a core reads 'off' when powered down. Derived from the
    // Nano line (not a recorded one): two cores off.
    const coresOff = lines.nano.replace('28%@1036,26%@1036', 'off,off');
    expect(parseTegrastatsLine(coresOff)!.cpuFrequenciesMhz).toEqual([1036, 1036, null, null]);
    // AGX Xavier's real line prints EMC_FREQ and GR3D_FREQ without a frequency.
    const xavier = parseTegrastatsLine(lines.agxXavier)!;
    expect(xavier.gpuFrequencyMhz).toBeUndefined();
    expect(xavier.emcFrequencyMhz).toBeUndefined();
    expect(xavier.emcLoadPercent).toBe(0);
  });

  it('Orin (JetPack 6): VDD_IN in mW with units, GR3D_FREQ in brackets, six cores', () => {
    const sample = parseTegrastatsLine(lines.orin)!;
    expect(inputRailOf(sample)).toBe('VDD_IN');
    expect(sample.rails.VDD_IN).toEqual({ currentMw: 17946, averageMw: 15710 });
    expect(sample.rails.VDD_SOC).toEqual({ currentMw: 3923, averageMw: 3515 });
    expect(sample.gpuFrequencyMhz).toBe(713);
    expect(sample.gpuLoadPercent).toBe(84);
    expect(sample.cpuFrequenciesMhz).toEqual([1984, 1984, 1984, 1984, 1984, 247]);
    expect(sample.temperaturesC.tj).toBeCloseTo(65.562, 9);
    // RAM and SWAP look like rails (a/bMB) and must not become ones.
    expect(sample.rails.RAM).toBeUndefined();
    expect(sample.rails.SWAP).toBeUndefined();
  });

  it('AGX Xavier (JetPack 4.2): domain rails only, so no input rail', () => {
    const sample = parseTegrastatsLine(lines.agxXavier)!;
    expect(inputRailOf(sample)).toBeUndefined();
    expect(sample.rails.SYS5V).toEqual({ currentMw: 3306, averageMw: 3306 });
    expect(sample.cpuFrequenciesMhz).toHaveLength(8);
  });

  it('a line that is not tegrastats output is not parsed', () => {
    expect(parseTegrastatsLine('tegrastats: permission denied')).toBeUndefined();
    expect(parseTegrastatsLine('')).toBeUndefined();
  });
});
