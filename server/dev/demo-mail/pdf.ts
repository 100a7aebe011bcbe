/**
 * A small valid PDF (1.4, one A4 page, Helvetica, WinAnsi) holding a title and lines of
 * text: enough for demo lab results and reports. Characters outside Latin-1 become `?`.
 *
 * `filler` adds an unreferenced binary stream (legal in PDF, ignored by readers): the bench
 * corpus uses it to give documents a realistic size, as scanned pages and logos do.
 *
 * @example
 * const bytes = simplePdf('Résultats', ['Glycémie : 5,2 mmol/L']);
 */
export function simplePdf(title: string, lines: string[], filler?: Uint8Array): Uint8Array {
  const pdfString = (text: string) =>
    [...text]
      .map((ch) => (ch.charCodeAt(0) > 255 ? '?' : ch))
      .join('')
      .replace(/[\\()]/g, (c) => `\\${c}`);
  const body = [
    'BT',
    '/F1 16 Tf',
    '56 780 Td',
    `(${pdfString(title)}) Tj`,
    '/F1 11 Tf',
    '0 -28 Td',
    ...lines.flatMap((line) => [`(${pdfString(line)}) Tj`, '0 -16 Td']),
    'ET',
  ].join('\n');
  const objects: (string | Uint8Array)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${body.length} >>\nstream\n${body}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  if (filler) objects.push(filler);
  // Latin-1 text and raw bytes side by side; offsets count bytes (one per Latin-1 char).
  const parts: (string | Uint8Array)[] = ['%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'];
  let length = (parts[0] as string).length;
  const add = (part: string | Uint8Array) => {
    parts.push(part);
    length += part.length;
  };
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(length);
    if (typeof object === 'string') add(`${i + 1} 0 obj\n${object}\nendobj\n`);
    else {
      add(`${i + 1} 0 obj\n<< /Length ${object.length} >>\nstream\n`);
      add(object);
      add('\nendstream\nendobj\n');
    }
  });
  const xref = length;
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) tail += `${String(offset).padStart(10, '0')} 00000 n \n`;
  add(`${tail}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'string')
      for (let i = 0; i < part.length; i++) out[at + i] = part.charCodeAt(i);
    else out.set(part, at);
    at += part.length;
  }
  return out;
}
