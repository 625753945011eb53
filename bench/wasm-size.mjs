// What a .wasm is made of: each section and each data segment over 1 KB, raw and gzip -9 (each
// part compressed on its own, so the parts add up to more than the whole file's gzip).
//   node bench/wasm-size.mjs [dist/pfp_almanac_bg.wasm]
// The corpus bundle is the largest data segment; `cargo almanac-build corpus --check --sizes` breaks
// it down. For the code by function, see bench/README.md (twiggy on a build with names).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const file = process.argv[2] ?? new URL('../dist/pfp_almanac_bg.wasm', import.meta.url);
const buf = readFileSync(file);
const gz = (b) => gzipSync(b, { level: 9 }).length;
const NAMES = [
  'custom',
  'type',
  'import',
  'function',
  'table',
  'memory',
  'global',
  'export',
  'start',
  'element',
  'code',
  'data',
  'datacount',
];
let p = 8;
const leb = () => {
  let r = 0;
  let s = 0;
  let b;
  do {
    b = buf[p++];
    r += (b & 0x7f) * 2 ** s;
    s += 7;
  } while (b & 0x80);
  return r;
};
const row = (what, raw, zipped) =>
  console.log(
    `${what.padEnd(34)} ${String(raw).padStart(9)} B raw ${String(zipped).padStart(9)} B gzip`,
  );
row(
  String(file)
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-1)[0],
  buf.length,
  gz(buf),
);
while (p < buf.length) {
  const id = buf[p++];
  const size = leb();
  const start = p;
  let label = NAMES[id] ?? `section ${id}`;
  if (id === 0) {
    const n = leb();
    label += `: ${buf.subarray(p, p + n).toString()}`;
  }
  row(`  ${label}`, size, gz(buf.subarray(start, start + size)));
  if (id === 11) {
    p = start;
    const count = leb();
    for (let i = 0; i < count; i++) {
      const flag = leb();
      if (flag !== 1) {
        if (flag === 2) leb();
        // The offset expression: i32.const (0x41) and a LEB128 number, or global.get (0x23) and an index; then end (0x0b).
        p++;
        while (buf[p] & 0x80) p++;
        p += 2;
      }
      const n = leb();
      if (n >= 1024) row(`    data segment ${i}`, n, gz(buf.subarray(p, p + n)));
      p += n;
    }
  }
  p = start + size;
}
