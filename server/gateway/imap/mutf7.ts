/**
 * Modified UTF-7 (RFC 3501 section 5.1.3) for mailbox names: Pli's folder names are
 * French ("Envoyés", "Indésirables"); an IMAP4rev1 client without UTF8=ACCEPT sees them
 * as `Envoy&AOk-s`.
 *
 * @example
 * encodeMutf7('Envoyés') // 'Envoy&AOk-s'
 * decodeMutf7('Envoy&AOk-s') // 'Envoyés'
 */
export function encodeMutf7(name: string): string {
  return name.replace(/&|[^\x20-\x7e]+/g, (run) => {
    if (run === '&') return '&-';
    const utf16 = Buffer.alloc(run.length * 2);
    for (let i = 0; i < run.length; i += 1) utf16.writeUInt16BE(run.charCodeAt(i), i * 2);
    return `&${utf16.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
  });
}

/** The inverse of `encodeMutf7`; a malformed shift sequence is kept as is. */
export function decodeMutf7(name: string): string {
  return name.replace(/&([A-Za-z0-9+,]*)-/g, (whole, b64: string) => {
    if (b64 === '') return '&';
    const bytes = Buffer.from(b64.replace(/,/g, '/'), 'base64');
    if (bytes.length % 2 !== 0) return whole;
    let out = '';
    for (let i = 0; i < bytes.length; i += 2) out += String.fromCharCode(bytes.readUInt16BE(i));
    return out;
  });
}
