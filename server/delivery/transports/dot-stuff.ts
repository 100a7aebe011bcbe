/**
 * The DATA payload of an SMTP transaction (RFC 5321 §4.5.2): line ends normalised to CRLF,
 * a leading dot doubled on every line, ending with CRLF `.` CRLF. Works on bytes, so 8-bit
 * content passes through untouched.
 *
 * @example
 * new TextDecoder().decode(dotStuff(new TextEncoder().encode('a\n.b'))); // 'a\r\n..b\r\n.\r\n'
 */
export function dotStuff(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(raw.byteLength * 2 + 5);
  let n = 0;
  let lineStart = true;
  for (let i = 0; i < raw.byteLength; i++) {
    const byte = raw[i] as number;
    if (lineStart && byte === 0x2e) out[n++] = 0x2e;
    if (byte === 0x0a && (i === 0 || raw[i - 1] !== 0x0d)) out[n++] = 0x0d;
    if (byte === 0x0d && raw[i + 1] !== 0x0a) {
      // A bare CR becomes a line end too.
      out[n++] = 0x0d;
      out[n++] = 0x0a;
      lineStart = true;
      continue;
    }
    out[n++] = byte;
    lineStart = byte === 0x0a;
  }
  if (!lineStart) {
    out[n++] = 0x0d;
    out[n++] = 0x0a;
  }
  out.set([0x2e, 0x0d, 0x0a], n);
  return out.slice(0, n + 3);
}
