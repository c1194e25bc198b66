#!/usr/bin/env node
// Which glibc and libstdc++ symbol versions a built addon needs (`objdump -T`),
// against a target's: JetPack 4.6 (Ubuntu 18.04) has glibc 2.27 and gcc 7.5's
// libstdc++ (GLIBCXX_3.4.24, CXXABI_1.3.11).
//
//   node scripts/check-glibc-symbols.mjs build-aarch64/Release/trtmap.node \
//     [--glibc 2.27] [--glibcxx 3.4.24] [--objdump aarch64-linux-gnu-objdump] \
//     [--libc /lib/aarch64-linux-gnu/libc.so.6] [--strict]
//
// Every symbol newer than the target is listed with where it comes from. A
// newer GLIBC_ version is "toolchain" (not trtmap's doing) when the same
// symbol exists in the target's glibc under an older version (glibc 2.34
// gave dlopen, pthread_* ... new versions when it merged libdl and libpthread
// into libc) or is __libc_single_threaded (read by libstdc++ >= 11's inline
// atomics, ext/atomicity.h). Exit 1 when trtmap's own code needs a newer
// glibc API; with --strict (a binary meant to be shipped to the target), on
// any newer version at all. Without --libc, this machine's glibc for the
// binary's architecture is used; when there is none, newer glibc symbols are
// "not decided" (exit 2) rather than blamed on trtmap.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    glibc: { type: 'string', default: '2.27' },
    glibcxx: { type: 'string', default: '3.4.24' },
    cxxabi: { type: 'string', default: '1.3.11' },
    objdump: { type: 'string', default: 'objdump' },
    libc: { type: 'string' },
    strict: { type: 'boolean', default: false },
  },
});
if (positionals.length !== 1)
  throw new Error('usage: check-glibc-symbols.mjs <file.node> [options]');

/** '2.27' < '2.32', '3.4.9' < '3.4.24'. */
function compareVersions(a, b) {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** Versioned dynamic symbols of a shared object: [{ name, family, version, defined }]. */
function versionedSymbols(file) {
  const text = execFileSync(values.objdump, ['-T', file], { encoding: 'utf8' });
  return text.split('\n').flatMap((line) => {
    const match = /\s\(?(GLIBC|GLIBCXX|CXXABI)_([\d.]+)\)?\s+(\S+)$/.exec(line);
    if (!match) return [];
    return [
      { family: match[1], version: match[2], name: match[3], defined: !/\*UND\*/.test(line) },
    ];
  });
}

/**
 * Without --libc: the glibc of this machine for the binary's architecture
 * (Debian's multiarch and cross paths), which holds the same symbols under
 * their old versions too; undefined when none is found.
 */
function defaultLibc(file) {
  let architecture = '';
  try {
    architecture = execFileSync(values.objdump, ['-f', file], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
  const triplet = /aarch64/.test(architecture)
    ? 'aarch64-linux-gnu'
    : /x86-64/.test(architecture)
      ? 'x86_64-linux-gnu'
      : undefined;
  if (!triplet) return undefined;
  return [`/lib/${triplet}/libc.so.6`, `/usr/${triplet}/lib/libc.so.6`].find((candidate) =>
    existsSync(candidate),
  );
}

const limits = { GLIBC: values.glibc, GLIBCXX: values.glibcxx, CXXABI: values.cxxabi };
const needed = versionedSymbols(positionals[0]).filter((symbol) => !symbol.defined);
const libc = values.libc ?? defaultLibc(positionals[0]);
if (!values.libc)
  console.log(
    libc
      ? `using --libc ${libc} (the glibc here for this binary's architecture)`
      : "no --libc given and none found for this binary's architecture: newer glibc symbols cannot be told apart",
  );
const olderInLibc = new Set(
  libc
    ? versionedSymbols(libc)
        .filter((symbol) => symbol.defined && compareVersions(symbol.version, values.glibc) <= 0)
        .map((symbol) => symbol.name)
    : [],
);

const demangle = (name) => {
  try {
    return execFileSync('c++filt', [name], { encoding: 'utf8' }).trim();
  } catch {
    return name;
  }
};

let own = 0;
let unknown = 0;
let newer = 0;
for (const family of ['GLIBC', 'GLIBCXX', 'CXXABI']) {
  const ofFamily = needed.filter((symbol) => symbol.family === family);
  const highest = ofFamily
    .map((symbol) => symbol.version)
    .sort(compareVersions)
    .at(-1);
  console.log(
    `${family}: ${ofFamily.length} symbols, newest ${highest ? `${family}_${highest}` : '-'} (target ${family}_${limits[family]})`,
  );
  for (const symbol of ofFamily.filter(
    (item) => compareVersions(item.version, limits[family]) > 0,
  )) {
    newer++;
    let origin = "the compiler's libstdc++ (rebuild with the target's compiler)";
    if (family === 'GLIBC') {
      if (symbol.name === '__libc_single_threaded')
        origin = "toolchain: libstdc++ >= 11's inline atomics (ext/atomicity.h)";
      else if (olderInLibc.has(symbol.name))
        origin = `toolchain: in glibc ${values.glibc} under an older version (glibc 2.34 moved it into libc)`;
      else if (!libc) {
        origin = 'unknown without --libc (toolchain if the symbol exists in the older glibc)';
        unknown++;
      } else {
        origin = "trtmap's own code: an API newer than the target's glibc";
        own++;
      }
    }
    console.log(`  ${demangle(symbol.name)} ${family}_${symbol.version}: ${origin}`);
  }
}
if (own > 0) {
  console.log(`FAILED: trtmap's code calls ${own} glibc function(s) newer than ${values.glibc}`);
  process.exitCode = 1;
} else if (unknown > 0) {
  console.log(
    `NOT DECIDED: ${unknown} glibc symbol(s) newer than ${values.glibc}; run again with --libc <libc.so.6 of this binary's architecture> to tell the toolchain's (glibc 2.34 re-versioned dlopen, pthread_* ...) from trtmap's own`,
  );
  process.exitCode = 2;
} else if (newer > 0 && values.strict) {
  console.log(`FAILED (--strict): this binary would not load on the target; build it there`);
  process.exitCode = 1;
} else {
  console.log(
    newer > 0
      ? `ok: trtmap's code needs nothing newer than glibc ${values.glibc}; this build's toolchain does (${newer} symbol(s)), so on the target build from source`
      : `ok: nothing newer than the target's versions`,
  );
}
