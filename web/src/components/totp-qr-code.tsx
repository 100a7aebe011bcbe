import { useEffect, useState } from 'preact/hooks';

/**
 * The `otpauth://` URI of an authenticator setup as a QR code, for the phone's camera. The
 * encoder (uqr) is loaded on demand: only a user setting up TOTP downloads it. The image
 * is a data: URL built here, never a request carrying the secret.
 */
export function TotpQrCode({ uri }: { uri: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void import('uqr').then(({ renderSVG }) => {
      const svg = renderSVG(uri, { border: 2, ecc: 'M' });
      if (current) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      current = false;
    };
  }, [uri]);
  if (!src) return null;
  return (
    <img
      class="totp-qr"
      src={src}
      width={192}
      height={192}
      alt="QR code à scanner avec votre application d’authentification"
    />
  );
}
