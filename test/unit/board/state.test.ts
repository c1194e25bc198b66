import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatBoardState, unlockedClocksWarning } from '../../../lib/board/format.js';
import { parseL4tRelease, parsePowerMode, readBoardState } from '../../../lib/board/state.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A fake root with the files a Jetson Nano on JetPack 4.6.1 (L4T 32.7.1) has. */
function fakeNano(options: { locked: boolean; hot?: boolean }): string {
  const root = mkdtempSync(path.join(tmpdir(), 'trtmap-board-'));
  roots.push(root);
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };
  write(
    'etc/nv_tegra_release',
    '# R32 (release), REVISION: 7.1, GCID: 29818004, BOARD: t210ref, EABI: aarch64, DATE: Sat Feb 19 17:05:08 UTC 2022\n',
  );
  write('proc/device-tree/model', 'NVIDIA Jetson Nano Developer Kit\0');
  // L4T 32's arm64 kernel prints no "model name": the part number names the core.
  write('proc/cpuinfo', 'processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xd07\n');
  write('var/lib/nvpmodel/status', 'pmode:0001\n');
  write(
    'etc/nvpmodel.conf',
    '< POWER_MODEL ID=0 NAME=MAXN >\nCPU_ONLINE CORE_0 1\n< POWER_MODEL ID=1 NAME=5W >\nCPU_ONLINE CORE_0 1\n',
  );
  for (let cpu = 0; cpu < 4; cpu++) {
    const folder = `sys/devices/system/cpu/cpu${cpu}/cpufreq`;
    write(`${folder}/scaling_min_freq`, options.locked ? '1479000\n' : '102000\n');
    write(`${folder}/scaling_max_freq`, '1479000\n');
    write(`${folder}/scaling_cur_freq`, options.locked ? '1479000\n' : '921600\n');
  }
  const gpu = 'sys/class/devfreq/57000000.gpu';
  write(`${gpu}/min_freq`, options.locked ? '921600000\n' : '76800000\n');
  write(`${gpu}/max_freq`, '921600000\n');
  write(`${gpu}/cur_freq`, options.locked ? '921600000\n' : '76800000\n');
  write('sys/kernel/debug/clk/emc/clk_rate', '1600000000\n');
  const zone = 'sys/class/thermal/thermal_zone1';
  write(`${zone}/type`, 'CPU-therm\n');
  write(`${zone}/temp`, options.hot ? '98500\n' : '41000\n');
  write(`${zone}/trip_point_0_type`, 'critical\n');
  write(`${zone}/trip_point_0_temp`, '102500\n');
  write(`${zone}/trip_point_1_type`, 'passive\n');
  write(`${zone}/trip_point_1_temp`, '97000\n');
  return root;
}

describe('board state from a fake sysfs/proc tree', () => {
  it('a Nano after jetson_clocks: release, module, nvpmodel mode, locked clocks in MHz', () => {
    const state = readBoardState(fakeNano({ locked: true }));
    expect(state.cpuModel).toBe('ARM Cortex-A57');
    expect(state.jetson).toEqual({
      l4tRelease: '32.7.1',
      module: 'NVIDIA Jetson Nano Developer Kit',
      powerMode: { id: 1, name: '5W' },
      clocksLocked: true,
      cpuFrequenciesMhz: [1479, 1479, 1479, 1479],
      gpuFrequencyMhz: 921.6,
      gpuMaxFrequencyMhz: 921.6,
      emcFrequencyMhz: 1600,
      throttlingZones: [],
    });
    expect(unlockedClocksWarning(state)).toBeUndefined();
  });

  it('floating clocks are reported and warned about; a zone past its passive trip is throttling', () => {
    const state = readBoardState(fakeNano({ locked: false, hot: true }));
    expect(state.jetson!.clocksLocked).toBe(false);
    expect(state.jetson!.gpuFrequencyMhz).toBe(76.8);
    expect(state.jetson!.throttlingZones).toEqual(['CPU-therm']);
    expect(unlockedClocksWarning(state)).toMatch(/unlocked clocks.*jetson_clocks/);
    const text = formatBoardState(state).join('\n');
    expect(text).toContain('L4T 32.7.1, nvpmodel 1 (5W), clocks NOT locked');
    expect(text).toContain('Thermal throttling: CPU-therm');
  });

  it('a machine that is not a Jetson has no Jetson state and no warning', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'trtmap-board-'));
    roots.push(root);
    mkdirSync(path.join(root, 'proc'));
    writeFileSync(path.join(root, 'proc/cpuinfo'), 'model name\t: AMD EPYC 7B13\n');
    const state = readBoardState(root);
    expect(state).toMatchObject({ cpuModel: 'AMD EPYC 7B13', jetson: undefined });
    expect(unlockedClocksWarning(state)).toBeUndefined();
  });

  it('parses the release line and nvpmodel files, and leaves out what is not there', () => {
    expect(parseL4tRelease('# R35 (release), REVISION: 4.1, GCID: 33958178, BOARD: t186ref')).toBe(
      '35.4.1',
    );
    expect(parseL4tRelease('garbage')).toBeUndefined();
    expect(parsePowerMode('pmode:0000', undefined)).toEqual({ id: 0 });
    expect(parsePowerMode(undefined, '< POWER_MODEL ID=0 NAME=MAXN >')).toBeUndefined();
  });
});
