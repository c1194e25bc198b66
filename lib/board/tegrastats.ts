/** One power rail of a tegrastats line, in milliwatts. */
export interface RailReading {
  /** Instantaneous power (tegrastats' first number). */
  currentMw: number;
  /** tegrastats' running average since it started (its second number). */
  averageMw: number;
}

/** What trtmap reads from one line of NVIDIA's `tegrastats`. */
export interface TegrastatsSample {
  /** Rails by name, e.g. POM_5V_IN (Nano), VDD_IN (Xavier NX, Orin), GPU/CPU/SOC (AGX Xavier, JetPack 4). */
  rails: Record<string, RailReading>;
  /** GR3D_FREQ: GPU load (%) and frequency (MHz; absent when tegrastats prints none). */
  gpuLoadPercent?: number;
  gpuFrequencyMhz?: number;
  /** EMC_FREQ: memory controller load (%) and frequency (MHz). */
  emcLoadPercent?: number;
  emcFrequencyMhz?: number;
  /** CPU [load%@MHz,...]: per core, null for a core that is off. */
  cpuFrequenciesMhz: (number | null)[];
  /** name@temperatureC, e.g. GPU@37C, tj@65.562C (°C). */
  temperaturesC: Record<string, number>;
}

/**
 * The board's input rail, whose power is the whole module's (or carrier's)
 * consumption, in order of preference: POM_5V_IN (Nano, TX1/TX2 JetPack 4),
 * VDD_IN (TX2 NX, Xavier NX on JetPack 5, Orin NX/Nano). AGX Xavier on
 * JetPack 4 reports only per-domain rails, and AGX Orin's VIN_SYS_5V0 is not
 * the whole module: neither has an input rail here.
 */
export const inputRailNames = ['POM_5V_IN', 'VDD_IN'] as const;

export function inputRailOf(sample: TegrastatsSample): string | undefined {
  return inputRailNames.find((name) => sample.rails[name] !== undefined);
}

const railPattern = /\b([A-Z][A-Z0-9_]*) (\d+)(?:mW)?\/(\d+)(?:mW)?(?=\s|$)/g;
const temperaturePattern = /\b([A-Za-z][\w]*)@(-?\d+(?:\.\d+)?)C\b/g;

/**
 * Parses one line of `tegrastats` output (NVIDIA L4T "Tegrastats Utility";
 * the formats of JetPack 4, where rails read `POM_5V_IN 2132/2132`, and of
 * JetPack 5/6, where they read `VDD_IN 3960mW/3960mW`). Unknown fields are
 * ignored; a field that is absent stays absent (never 0). Returns undefined
 * for a line that is not tegrastats output (no RAM field).
 */
export function parseTegrastatsLine(line: string): TegrastatsSample | undefined {
  if (!/\bRAM \d+\/\d+[kKMG]B\b/.test(line)) return undefined;
  const sample: TegrastatsSample = { rails: {}, cpuFrequenciesMhz: [], temperaturesC: {} };
  // RAM 1655/3956MB and SWAP 0/1978MB look like rails but carry units of memory.
  for (const match of line.matchAll(railPattern)) {
    if (['RAM', 'SWAP', 'IRAM'].includes(match[1])) continue;
    sample.rails[match[1]] = { currentMw: Number(match[2]), averageMw: Number(match[3]) };
  }
  const gpu = /\bGR3D_FREQ (\d+)%(?:@\[?(\d+))?/.exec(line);
  if (gpu) {
    sample.gpuLoadPercent = Number(gpu[1]);
    if (gpu[2] !== undefined) sample.gpuFrequencyMhz = Number(gpu[2]);
  }
  const emc = /\bEMC_FREQ (\d+)%(?:@(\d+))?/.exec(line);
  if (emc) {
    sample.emcLoadPercent = Number(emc[1]);
    if (emc[2] !== undefined) sample.emcFrequencyMhz = Number(emc[2]);
  }
  const cpu = /\bCPU \[([^\]]*)\]/.exec(line);
  if (cpu) {
    sample.cpuFrequenciesMhz = cpu[1].split(',').map((core) => {
      const frequency = /@(\d+)/.exec(core);
      return frequency ? Number(frequency[1]) : null;
    });
  }
  for (const match of line.matchAll(temperaturePattern)) {
    const value = Number(match[2]);
    // tegrastats prints -256C for a sensor that is off: not a temperature.
    if (value > -256) sample.temperaturesC[match[1]] = value;
  }
  return sample;
}
