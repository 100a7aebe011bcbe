import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CachedAttachment } from '../../../web/src/db.ts';
import {
  attachmentName,
  downloadUrl,
  NEUTRAL_ATTACHMENT_NAME,
  readerError,
  saveAttachment,
} from '../../../web/src/models/reader.ts';

const report: CachedAttachment = {
  blobId: 'G1f2e3d4',
  name: 'CR Dupont Jeanne 1954.pdf',
  type: 'application/pdf',
  size: 2048,
  cid: null,
  disposition: 'attachment',
};

afterEach(() => {
  vi.restoreAllMocks();
  readerError.value = null;
});

describe('attachment downloads', () => {
  it('forbids an attachment’s name in its download URL: the URL carries a neutral name', () => {
    const url = downloadUrl('bal-1', report);
    expect(url).toBe(
      `/jmap/download/bal-1/G1f2e3d4/${NEUTRAL_ATTACHMENT_NAME}?accept=application%2Fpdf`,
    );
    expect(decodeURIComponent(url)).not.toContain('Dupont');
  });

  it('saves the attachment under its real name, fetched from the neutral URL', async () => {
    const fetched: string[] = [];
    vi.spyOn(window, 'fetch').mockImplementation(async (input) => {
      fetched.push(String(input));
      return new Response(new Blob(['%PDF-1.7'], { type: 'application/pdf' }));
    });
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download });
    });
    await saveAttachment('bal-1', report);
    expect(fetched).toEqual([downloadUrl('bal-1', report)]);
    expect(clicked).toHaveLength(1);
    expect(clicked[0]?.download).toBe('CR Dupont Jeanne 1954.pdf');
    expect(clicked[0]?.href).toMatch(/^blob:/);
    expect(readerError.value).toBeNull();
  });

  it('tells the user when the attachment cannot be downloaded, and saves nothing', async () => {
    vi.spyOn(window, 'fetch').mockResolvedValue(new Response('', { status: 404 }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await saveAttachment('bal-1', report);
    expect(click).not.toHaveBeenCalled();
    expect(readerError.value).toBe('La pièce jointe n’a pas pu être téléchargée.');
  });
});

describe('attachment names', () => {
  it('names the nameless parts of a delivery report by what they are, in French', () => {
    const part = (type: string): CachedAttachment => ({ ...report, name: null, type });
    expect(attachmentName(report)).toBe('CR Dupont Jeanne 1954.pdf');
    expect(attachmentName(part('message/rfc822'))).toBe('Message d’origine.eml');
    expect(attachmentName(part('text/rfc822-headers'))).toBe('En-têtes du message d’origine.txt');
    expect(attachmentName(part('application/octet-stream'))).toBe('Pièce jointe');
  });
});
