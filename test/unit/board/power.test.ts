import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchmarkWithPower } from '../../../lib/board/measure.js';
import type { BenchOptions } from '../../../lib/bench/harness.js';
import { summarizePower } from '../../../lib/board/power.js';
import { ina3221InputRail, powerWindow } from '../../../lib/board/sampler.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
const scratch = () => {
  const root = mkdtempSync(path.join(tmpdir(), 'trtmap-power-'));
  roots.push(root);
  return root;
};

describe('power figures', () => {
  it('average, peak, energy per image and images/s per watt, from the readings by hand', () => {
    // 4.0, 5.0 and 6.0 W over 2 s for 100 images: 5 W average; 5 W x 2 s / 100 = 100 mJ;
    // 50 images/s / 5 W = 10 images/s/W.
    const readings = [4000, 5000, 6000].map((milliwatts, timeMs) => ({ timeMs, milliwatts }));
    expect(
      summarizePower(readings, {
        rail: 'POM_5V_IN',
        source: 'tegrastats',
        images: 100,
        seconds: 2,
      }),
    ).toEqual({
      rail: 'POM_5V_IN',
      source: 'tegrastats',
      samples: 3,
      averageWatts: 5,
      peakWatts: 6,
      energyPerImageMj: 100,
      imagesPerSecondPerWatt: 10,
    });
    expect(summarizePower([], { rail: 'x', source: 'ina3221', images: 1, seconds: 1 })).toBe(
      undefined,
    );
  });

  it('reads the Nano INA3221 input rail from a fake iio tree (JetPack 4 ina3221x driver)', () => {
    const root = scratch();
    const device = path.join(root, 'sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0');
    mkdirSync(device, { recursive: true });
    const rails = ['POM_5V_IN', 'POM_5V_GPU', 'POM_5V_CPU'];
    rails.forEach((name, channel) => {
      writeFileSync(path.join(device, `rail_name_${channel}`), `${name}\n`);
      writeFileSync(path.join(device, `in_power${channel}_input`), `${[4520, 0, 1078][channel]}\n`);
    });
    const rail = ina3221InputRail(root)!;
    expect(rail.rail).toBe('POM_5V_IN');
    expect(rail.read()).toBe(4520);
    expect(ina3221InputRail(scratch())).toBeUndefined();
  });

  it('a machine without tegrastats or INA3221 says so, and the benchmark still runs', async () => {
    const root = scratch();
    let ran = false;
    const measured = await benchmarkWithPower(
      { iterations: 1 } as BenchOptions,
      true,
      async (options) => {
        options.onMeasureStart?.();
        options.onMeasureEnd?.();
        ran = true;
        return { iterations: 1, batchSize: 1 } as never;
      },
      { root, tegrastats: undefined },
    );
    expect(ran).toBe(true);
    expect(measured.power).toBeUndefined();
    expect(measured.powerUnavailable).toMatch(/no tegrastats and no INA3221/);
  });

  it('samples a tegrastats process during the window: real Nano lines replayed by a script', async () => {
    // The script stands in for the tegrastats binary only as a source of its (recorded) output;
    // what is checked is the spawning, line splitting and the arithmetic on those lines.
    const root = scratch();
    const script = path.join(root, 'tegrastats');
    const line = (mw: number) =>
      `RAM 1180/3965MB (lfb 1x2MB) SWAP 149/1024MB (cached 7MB) IRAM 0/252kB(lfb 252kB) CPU [30%@1036,33%@1036,28%@1036,26%@1036] EMC_FREQ 10%@1600 GR3D_FREQ 0%@76 APE 25 PLL@57C CPU@60.5C PMIC@100C GPU@59C AO@65C thermal@59.75C POM_5V_IN ${mw}/4680 POM_5V_GPU 0/0 POM_5V_CPU 1078/1205`;
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' '${line(4000)}' '${line(6000)}'\nsleep 5\n`);
    chmodSync(script, 0o755);
    let now = 0;
    const window = powerWindow({ tegrastats: script, clock: () => now });
    window.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    now = 2000;
    window.stop();
    const { power, unavailable } = window.summary(100);
    expect(unavailable).toBeUndefined();
    expect(power).toMatchObject({ rail: 'POM_5V_IN', samples: 2, averageWatts: 5, peakWatts: 6 });
    expect(power!.energyPerImageMj).toBeCloseTo(100, 9);
  });

  it('a constant rail: images/s/W and mJ/image over the measured time of the benchmark, not the window', async () => {
    // A constant 4.5 W INA3221 rail. The window opens 0.5 s before the measured runs start (as
    // spawning tegrastats does); the runs: 50 of batch 2 in 2 s = 50 images/s. README: images/s/W =
    // 50 / 4.5 = 11.11; mJ/image = 4.5 W x 2 s / 100 x 1000 = 90 (not 4.5 x 2.5 / 100 = 112.5).
    const root = scratch();
    const device = path.join(root, 'sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0');
    mkdirSync(device, { recursive: true });
    writeFileSync(path.join(device, 'rail_name_0'), 'POM_5V_IN\n');
    writeFileSync(path.join(device, 'in_power0_input'), '4500\n');
    let now = 0;
    const measured = await benchmarkWithPower(
      {} as BenchOptions,
      true,
      async (options) => {
        options.onMeasureStart?.();
        now += 2500;
        options.onMeasureEnd?.();
        return { iterations: 50, batchSize: 2, wallMs: 2000, imagesPerSecond: 50 } as never;
      },
      { root, tegrastats: undefined, clock: () => now },
    );
    expect(measured.powerUnavailable).toBeUndefined();
    expect(measured.power!.averageWatts).toBe(4.5);
    expect(measured.power!.imagesPerSecondPerWatt).toBeCloseTo(50 / 4.5, 12);
    expect(measured.power!.energyPerImageMj).toBeCloseTo(90, 12);
  });

  it('a tegrastats that fails (exit 1, permission denied) is reported with its own error', async () => {
    const root = scratch();
    const script = path.join(root, 'tegrastats');
    writeFileSync(
      script,
      `#!/bin/sh\necho 'tegrastats: cannot open /dev/nvhost: permission denied' >&2\nexit 1\n`,
    );
    chmodSync(script, 0o755);
    const window = powerWindow({ tegrastats: script });
    window.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    window.stop();
    const { power, unavailable } = window.summary(100, 2);
    expect(power).toBeUndefined();
    expect(unavailable).toMatch(/ended \(exit code 1\) before any reading: .*permission denied/);
  });

  it('a benchmark that throws leaves no tegrastats running', async () => {
    const root = scratch();
    const script = path.join(root, 'tegrastats');
    const pidFile = path.join(root, 'pid');
    writeFileSync(script, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 30\n`);
    chmodSync(script, 0o755);
    await expect(
      benchmarkWithPower(
        {} as BenchOptions,
        true,
        async (options) => {
          options.onMeasureStart?.();
          await new Promise((resolve) => setTimeout(resolve, 300));
          throw new Error('run failed');
        },
        { tegrastats: script },
      ),
    ).rejects.toThrow('run failed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
