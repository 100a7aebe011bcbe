/**
 * Fetching the document a link or an image points to, with the page's own credentials:
 * `grabDocument` runs in the page (injected by `scripting.executeScript` into the tab the
 * person clicked in, an isolated world the page's scripts cannot reach), so a document
 * behind the practice software's session cookie comes as the page would get it. Nothing
 * of the message is in that world: only the address of the document goes in, only the
 * document comes out.
 */

/** What the injected function answers (JSON: executeScript results are serialized). */
export type GrabAnswer =
  | { ok: true; name: string; type: string; size: number; base64: string }
  | { ok: false; reason: 'tooLarge' | 'http' | 'failed' | 'scheme' };

/**
 * Runs in the page: fetches `url` (http, https or data only) and returns it base64-encoded,
 * or why not. Self-contained (executeScript serializes the function alone): no import,
 * no closure. `max` is the largest size accepted.
 */
export async function grabDocument(url: string, max: number): Promise<GrabAnswer> {
  let target: URL;
  try {
    target = new URL(url, location.href);
  } catch {
    return { ok: false, reason: 'failed' };
  }
  if (!['http:', 'https:', 'data:'].includes(target.protocol)) {
    return { ok: false, reason: 'scheme' };
  }
  try {
    const response = await fetch(target.href, { credentials: 'include' });
    if (!response.ok) return { ok: false, reason: 'http' };
    if (Number(response.headers.get('Content-Length') ?? 0) > max) {
      return { ok: false, reason: 'tooLarge' };
    }
    const blob = await response.blob();
    if (blob.size > max) return { ok: false, reason: 'tooLarge' };
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
    const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
    let name = '';
    try {
      name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? '');
      if (!name && target.protocol !== 'data:') {
        name = decodeURIComponent(
          new URL(response.url || target.href).pathname.split('/').pop() ?? '',
        );
      }
    } catch {
      name = '';
    }
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return {
      ok: true,
      name: name.trim().slice(0, 200),
      type: (blob.type || 'application/octet-stream').split(';')[0] ?? 'application/octet-stream',
      size: blob.size,
      base64: btoa(binary),
    };
  } catch {
    return { ok: false, reason: 'failed' };
  }
}

/** The bytes of a base64 answer, as a Blob of `type`. */
export function base64Blob(base64: string, type: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}
