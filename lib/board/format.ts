import type { BenchmarkMachine } from './index.js';
import type { PowerSummary } from './power.js';

/** One line per fact, for the text output of bench, compare and eval. */
export function formatBoardState(machine: BenchmarkMachine): string[] {
  const lines = [`CPU: ${machine.cpuModel} x ${machine.cpuCount}`];
  if (machine.gpu) lines.push(`GPU: ${machine.gpu.name} (${machine.gpu.driver})`);
  if (machine.onnxRuntime)
    lines.push(
      `ONNX Runtime: ${machine.onnxRuntime.version}, threads ${machine.onnxRuntime.threads}`,
    );
  const jetson = machine.jetson;
  if (jetson) {
    const mode = jetson.powerMode
      ? `nvpmodel ${jetson.powerMode.id}${jetson.powerMode.name ? ` (${jetson.powerMode.name})` : ''}`
      : 'nvpmodel mode unknown';
    lines.push(
      `Jetson: ${jetson.module ?? 'unknown module'}, L4T ${jetson.l4tRelease ?? '?'}, ${mode}, clocks ${jetson.clocksLocked ? 'locked' : 'NOT locked'}`,
      `Clocks (MHz): CPU ${jetson.cpuFrequenciesMhz.join('/') || '?'}, GPU ${jetson.gpuFrequencyMhz ?? '?'} (max ${jetson.gpuMaxFrequencyMhz ?? '?'}), EMC ${jetson.emcFrequencyMhz ?? '?'}`,
    );
    if (jetson.throttlingZones.length > 0)
      lines.push(
        `Thermal throttling: ${jetson.throttlingZones.join(', ')} past a passive trip point`,
      );
  }
  return lines;
}

/** The warning printed when a speed figure was measured on a Jetson whose clocks float. */
export function unlockedClocksWarning(machine: BenchmarkMachine): string | undefined {
  if (!machine.jetson || machine.jetson.clocksLocked) return undefined;
  return 'speed measured with unlocked clocks (DVFS may change them mid-run): run `sudo nvpmodel -m 0 && sudo jetson_clocks` first for stable figures';
}

/** "4.52 W avg, 5.10 W peak (POM_5V_IN), 12.3 mJ/image, 9.81 images/s/W" */
export function formatPower(power: PowerSummary): string {
  return `${power.averageWatts.toFixed(2)} W avg, ${power.peakWatts.toFixed(2)} W peak (${power.rail}, ${power.samples} samples), ${power.energyPerImageMj.toFixed(1)} mJ/image, ${power.imagesPerSecondPerWatt.toFixed(2)} images/s/W`;
}
