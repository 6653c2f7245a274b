// CRC16 as Redis Cluster computes it for key hash slots (REFERENCE-FIGURES.md D #62): the XMODEM
// variant (poly 0x1021, init 0, no reflection, no final xor), over the key's UTF-8 bytes.
// Check value: "123456789" -> 0x31C3. Table-driven, one table built once at load.
// Leaves out: nothing of the algorithm; only the string-to-bytes step is JavaScript's own.

const TABLE = buildTable();

function buildTable(): Uint16Array {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    t[i] = crc;
  }
  return t;
}

/** CRC16-XMODEM of bytes [from, to) of `bytes`. */
export function crc16Bytes(bytes: ArrayLike<number>, from = 0, to = bytes.length): number {
  let crc = 0;
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]) & 0xff];
  return crc;
}

const utf8 = new TextEncoder();

/** The UTF-8 bytes of a string (ASCII, the common case, without an encoder call). */
export function keyBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return utf8.encode(s);
    out[i] = c;
  }
  return out;
}

/** CRC16-XMODEM of a string's UTF-8 bytes. */
export function crc16(s: string): number {
  return crc16Bytes(keyBytes(s));
}
