import { exports } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeAccount } from '../support/mail.ts';

const worker = exports.default;
const NAME = 'CR Dupont Jeanne 1954.pdf';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Everything the Worker writes to its logs while `run` runs. */
async function logsOf(run: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
  }
  await run();
  return lines.join('\n');
}

describe('GET /jmap/download', () => {
  it('forbids a download path’s name in the logs, whether the blob is served or not', async () => {
    const { token, accountId } = await makeAccount();
    const headers = { Authorization: `Bearer ${token}` };
    const upload = await worker.fetch(`http://pli.test/jmap/upload/${accountId}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/pdf' },
      body: '%PDF-1.7',
    });
    const { blobId } = (await upload.json()) as { blobId: string };
    const name = encodeURIComponent(NAME);
    const logs = await logsOf(async () => {
      const served = await worker.fetch(
        `http://pli.test/jmap/download/${accountId}/${blobId}/${name}`,
        { headers },
      );
      expect(served.status).toBe(200);
      expect(await served.text()).toBe('%PDF-1.7');
      const missing = await worker.fetch(
        `http://pli.test/jmap/download/${accountId}/no-such-blob/${name}`,
        { headers },
      );
      expect(missing.status).toBe(404);
      const elsewhere = await worker.fetch(
        `http://pli.test/jmap/download/no-such-account/${blobId}/${name}`,
        { headers },
      );
      expect(elsewhere.status).toBe(404);
    });
    expect(logs).not.toContain('Dupont');
    expect(logs).not.toContain(name);
  });
});
