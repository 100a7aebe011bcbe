/** BODY and BODYSTRUCTURE (RFC 9051 section 7.5.2) of a parsed raw message. */
import { envelopeOfHeader } from './envelope.ts';
import { fieldOf, type MimePart, parseParams } from './mime.ts';
import { binaryStr, compileNodes, type ImapNode, text } from './protocol.ts';

const paramList = (params: [string, string][]): ImapNode =>
  params.length === 0 ? null : params.flatMap(([k, v]) => [binaryStr(k), binaryStr(v)]);

function lines(body: Buffer): number {
  let count = 0;
  for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) count += 1;
  return count;
}

function disposition(part: MimePart): ImapNode {
  const value = fieldOf(part, 'content-disposition');
  if (!value) return null;
  const parsed = parseParams(value);
  return [binaryStr(parsed.value.toLowerCase()), paramList(parsed.params)];
}

function language(part: MimePart): ImapNode {
  const value = fieldOf(part, 'content-language');
  return value ? value.split(',').map((l) => binaryStr(l.trim())) : null;
}

/**
 * The structure of a part, as one compiled node; `extended` for BODYSTRUCTURE (BODY omits
 * the extension data). Compiled by hand where the grammar has no space: a multipart's
 * bodies follow each other directly (`((...)(...) "MIXED")`).
 */
export function bodyStructure(part: MimePart, extended: boolean): ImapNode {
  if (part.type === 'multipart' && part.parts.length > 0) {
    const children = part.parts.map((p) => compileNodes([bodyStructure(p, extended)]));
    const tail: ImapNode[] = [binaryStr(part.subtype.toUpperCase())];
    if (extended) {
      tail.push(
        paramList(part.params),
        disposition(part),
        language(part),
        binaryStr(fieldOf(part, 'content-location')),
      );
    }
    return text(`(${children.join('')} ${compileNodes(tail)})`);
  }
  const encoding = fieldOf(part, 'content-transfer-encoding')?.toLowerCase() ?? '7bit';
  const basic: ImapNode[] = [
    binaryStr(part.type.toUpperCase()),
    binaryStr(part.subtype.toUpperCase()),
    paramList(part.params),
    binaryStr(fieldOf(part, 'content-id')),
    binaryStr(fieldOf(part, 'content-description')),
    binaryStr(encoding.toUpperCase()),
    part.body.length,
  ];
  if (part.message) {
    basic.push(
      envelopeOfHeader(part.message),
      bodyStructure(part.message, extended),
      lines(part.body),
    );
  } else if (part.type === 'text') {
    basic.push(lines(part.body));
  }
  if (extended) {
    basic.push(
      binaryStr(fieldOf(part, 'content-md5')),
      disposition(part),
      language(part),
      binaryStr(fieldOf(part, 'content-location')),
    );
  }
  return text(compileNodes([basic]));
}
