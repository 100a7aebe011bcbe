/**
 * A small valid PDF (1.4, one A4 page, Helvetica, WinAnsi) holding a title and lines of
 * text: enough for demo lab results and reports. Characters outside Latin-1 become `?`.
 *
 * @example
 * const bytes = simplePdf('Résultats', ['Glycémie : 5,2 mmol/L']);
 */
export function simplePdf(title: string, lines: string[]): Uint8Array {
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
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${body.length} >>\nstream\n${body}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let text = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}
