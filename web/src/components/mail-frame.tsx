import { useEffect, useRef, useState } from 'preact/hooks';
import { FRAME_VERSION } from '../../../shared/mail-frame.ts';

/**
 * Shows sanitized mail HTML in an iframe sandboxed without `allow-same-origin`: an opaque
 * origin with no cookie and no access to Pli, under the frame page's own strict CSP.
 */
export function MailFrame({ html, allowRemote }: { html: string; allowRemote: boolean }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(200);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.current?.contentWindow) return;
      const value = (event.data as { pliFrameHeight?: unknown } | null)?.pliFrameHeight;
      if (typeof value === 'number') setHeight(Math.min(Math.max(value + 8, 120), 20000));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const send = () => frame.current?.contentWindow?.postMessage(html, '*');
  // A new message in the same frame: send it again.
  useEffect(send, [html]);

  return (
    <iframe
      ref={frame}
      class="mail-frame"
      title="Contenu du message"
      sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"
      referrerpolicy="no-referrer"
      src={`/mail-frame?v=${FRAME_VERSION}${allowRemote ? '&remote=1' : ''}`}
      style={{ height: `${height}px` }}
      onLoad={send}
    />
  );
}
