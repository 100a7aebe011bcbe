import { env } from 'cloudflare:workers';
import { config } from '../../../server/config.ts';
import { type ImportOptions, importExtract } from '../../../server/directory/importer.ts';
import { generateExtract } from '../../../shared/directory/generator.ts';

/** A byte stream of text, delivered in small uneven pieces as a network body would be. */
export function streamOf(text: string, pieceBytes = 997): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + pieceBytes));
      offset += pieceBytes;
    },
  });
}

/** The lines of a generated extract (header first). */
export function extractLines(count: number, seed = 7): string[] {
  return [...generateExtract({ count, seed })];
}

/** Imports extract lines into the test D1. */
export function importLines(lines: string[], options: Partial<ImportOptions> = {}) {
  return importExtract(env.DB, streamOf(`${lines.join('\n')}\n`), {
    operatorDomains: config(env).operatorDomains,
    ...options,
  });
}

/** One data line of the extract with the given fields changed (by column index). */
export function withFields(line: string, fields: Record<number, string>): string {
  const parts = line.split('|');
  for (const [index, value] of Object.entries(fields)) parts[Number(index)] = value;
  return parts.join('|');
}
