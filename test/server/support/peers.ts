import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    testPeers: { smtpPort: number; httpUrl: string };
  }
}

/** The SMTP relay and HTTP server started by `scripts/server-test-peers.ts`. */
export function testPeers() {
  return inject('testPeers');
}

/** What the test SMTP relay accepted for a recipient. */
export async function relayedTo(
  rcpt: string,
): Promise<{ mailFrom: string; rcptTo: string[]; authUser: string | null; data: string }[]> {
  const res = await fetch(`${testPeers().httpUrl}/smtp/messages?rcpt=${encodeURIComponent(rcpt)}`);
  return res.json();
}

/** Decodes the base64 `data` of a relayed message. */
export function relayedBytes(data: string): Uint8Array {
  return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
}

/** What the test SMS provider accepted for a number. */
export async function textsTo(
  to: string,
): Promise<{ authorization: string | null; to: string; text: string; sender: string }[]> {
  const res = await fetch(`${testPeers().httpUrl}/sms/messages?to=${encodeURIComponent(to)}`);
  return res.json();
}
