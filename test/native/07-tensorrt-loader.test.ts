// The run-time loader of an addon compiled with TensorRT headers, against
// fake libnvinfer libraries (a few C functions): version checks, missing
// entry points and null objects become typed errors, not crashes. Each case
// runs in a child process, since TensorRT stays loaded once opened.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { native, repositoryRoot } from '../helpers/native.js';

const compiled = native === undefined ? null : (await native.tensorrtStatus()).compiledVersion;
const scratch = mkdtempSync(path.join(tmpdir(), 'trtmap-fake-trt-'));
const model = path.join(scratch, 'model.onnx');
writeFileSync(model, 'not parsed: the fake builder is null');

function packed(major: number, minor: number, patch: number): number {
  return major * (major >= 10 ? 10000 : 1000) + minor * 100 + patch;
}

/** A folder with a fake libnvinfer.so.<major> exporting what `entryPoints` asks for. */
function fakeTensorRt(name: string, version: number, entryPoints: boolean): string {
  const major = Number(compiled!.split('.')[0]);
  const folder = path.join(scratch, name);
  mkdirSync(folder);
  const source = path.join(folder, 'fake.c');
  writeFileSync(
    source,
    [
      `int getInferLibVersion(void) { return ${version}; }`,
      entryPoints
        ? 'void* createInferBuilder_INTERNAL(void* l, int v) { (void)l; (void)v; return 0; }'
        : '',
      entryPoints
        ? 'void* createInferRuntime_INTERNAL(void* l, int v) { (void)l; (void)v; return 0; }'
        : '',
    ].join('\n'),
  );
  const compiler = spawnSync(
    process.env.CC ?? 'cc',
    ['-shared', '-fPIC', '-o', path.join(folder, `libnvinfer.so.${major}`), source],
    {
      encoding: 'utf8',
    },
  );
  if (compiler.status !== 0)
    throw new Error(`cannot compile the fake TensorRT: ${compiler.stderr}`);
  return folder;
}

function runChild(libraryFolder: string) {
  const child = spawnSync(
    process.execPath,
    [path.join(repositoryRoot, 'test/native/children/trt-loader.mjs'), model],
    {
      encoding: 'utf8',
      env: { ...process.env, TRTMAP_TENSORRT_LIB_DIR: libraryFolder },
    },
  );
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as Record<
    string,
    { code?: string; message?: string } & Record<string, unknown>
  >;
}

describe.skipIf(compiled == null)(
  'TensorRT loader (addon compiled with TensorRT headers, fake libraries)',
  () => {
    const [major, minor, patch] = (compiled ?? '0.0.0').split('.').map(Number) as [
      number,
      number,
      number,
    ];

    it('a library older than the headers is ERR_TENSORRT_VERSION (its vtables would lack entries)', () => {
      const older = minor > 0 ? packed(major, minor - 1, 0) : packed(major - 1, 9, 0);
      const report = runChild(fakeTensorRt('older', older, true));
      expect(report.status!.loaded).toBe(false);
      expect(report.status!.error).toMatchObject({ code: 'ERR_TENSORRT_VERSION' });
      expect(String((report.status!.error as { message: string }).message)).toMatch(
        new RegExp(
          `but this trtmap was built for ${compiled!.replace(/\./g, '\\.')} or a later ${major}\\.x`,
        ),
      );
      expect(report.loadEngine!.code).toBe('ERR_TENSORRT_VERSION');
      expect(report.buildEngine!.code).toBe('ERR_TENSORRT_VERSION');
    });

    it('a library without the entry points is ERR_TENSORRT_VERSION naming the one missing', () => {
      const report = runChild(fakeTensorRt('no-entry-points', packed(major, minor, patch), false));
      expect(report.status!.error).toMatchObject({ code: 'ERR_TENSORRT_VERSION' });
      expect(String((report.status!.error as { message: string }).message)).toMatch(
        /has no createInferBuilder_INTERNAL/,
      );
    });

    it('a library that cannot create objects: loaded, then ERR_TRT_ENGINE / ERR_TRT_BUILD per operation', () => {
      const report = runChild(fakeTensorRt('null-objects', packed(major, minor, patch), true));
      expect(report.status).toMatchObject({
        compiled: true,
        loaded: true,
        loadedVersion: `${major}.${minor}.${patch}`,
        error: null,
      });
      expect((report.status!.libraries as string[]).join('\n')).toMatch(
        /libnvinfer_plugin\.so\.\d+ \(not found/,
      );
      expect(report.loadEngine).toMatchObject({
        code: 'ERR_TRT_ENGINE',
        message: expect.stringMatching(/could not create a runtime/),
      });
      expect(report.buildEngine).toMatchObject({
        code: 'ERR_TRT_BUILD',
        message: expect.stringMatching(/could not create a builder/),
      });
      expect(report.buildMissingModel).toMatchObject({ code: 'ERR_FILE_NOT_FOUND' });
    });
  },
);
