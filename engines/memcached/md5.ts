// MD5 (RFC 1321) over a string's bytes, as libketama and libmemcached's ketama mode hash both
// server names and keys with it. Written from the RFC's algorithm description: 64 steps in four
// rounds over 512-bit blocks, per-step constants floor(abs(sin(i + 1)) * 2^32), little-endian words.
// Leaves out: streaming input (keys and server names are short strings hashed whole) and
// characters beyond ASCII (keys are `k<index>`, node names ASCII): each code unit is one byte.

/** Per-step left rotations, four per round. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** K[i] = floor(abs(sin(i + 1)) * 2^32): the RFC's table, computed (Math.sin is IEEE-exact enough for these). */
const K: Int32Array = (() => {
  const k = new Int32Array(64);
  for (let i = 0; i < 64; i++) k[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0;
  return k;
})();

/** The 16-byte digest of `s` (each UTF-16 code unit taken as one byte). */
export function md5(s: string): Uint8Array {
  const len = s.length;
  // Padding: a 1 bit, zeros to 56 mod 64 bytes, then the bit length as 64-bit little-endian.
  const total = (((len + 8) >>> 6) + 1) * 64;
  const bytes = new Uint8Array(total);
  for (let i = 0; i < len; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  bytes[len] = 0x80;
  const bits = len * 8;
  bytes[total - 8] = bits & 0xff;
  bytes[total - 7] = (bits >>> 8) & 0xff;
  bytes[total - 6] = (bits >>> 16) & 0xff;
  bytes[total - 5] = (bits >>> 24) & 0xff;
  let a0 = 0x67452301 | 0;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476 | 0;
  const m = new Int32Array(16);
  for (let off = 0; off < total; off += 64) {
    for (let j = 0; j < 16; j++) {
      const p = off + j * 4;
      m[j] = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + K[i] + m[g]) | 0;
      const r = SHIFTS[(i >>> 4) * 4 + (i & 3)];
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << r) | (sum >>> (32 - r)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const out = new Uint8Array(16);
  [a0, b0, c0, d0].forEach((w, i) => {
    out[i * 4] = w & 0xff;
    out[i * 4 + 1] = (w >>> 8) & 0xff;
    out[i * 4 + 2] = (w >>> 16) & 0xff;
    out[i * 4 + 3] = (w >>> 24) & 0xff;
  });
  return out;
}

/** Bytes 4k..4k+3 of a digest as an unsigned little-endian 32-bit number (libketama's point). */
export function digestWord(d: Uint8Array, k: number): number {
  return (d[k * 4] | (d[k * 4 + 1] << 8) | (d[k * 4 + 2] << 16) | (d[k * 4 + 3] << 24)) >>> 0;
}

export function md5Hex(s: string): string {
  return Array.from(md5(s), (b) => b.toString(16).padStart(2, '0')).join('');
}
