import { describe, expect, it } from 'vitest';
import {
  base64,
  base64Utf8,
  base64url,
  fromBase64,
  fromHex,
  hex,
  sha256Hex,
} from '../../server/bytes.ts';

describe('bytes as text', () => {
  it('writes lower-case hex, two digits a byte, and reads it back', () => {
    expect(hex(new Uint8Array([0, 15, 171, 255]))).toBe('000fabff');
    expect(hex(new Uint8Array([1, 2]).buffer)).toBe('0102');
    expect([...fromHex('000fabff')]).toEqual([0, 15, 171, 255]);
  });

  it('writes padded standard base64 and unpadded base64url of the same bytes', () => {
    const bytes = new Uint8Array([251, 255]);
    expect(base64(bytes)).toBe('+/8=');
    expect(base64url(bytes)).toBe('-_8');
    expect(base64(new Uint8Array())).toBe('');
  });

  it('reads base64 and base64url, padded or not, and refuses other text', () => {
    expect([...fromBase64('+/8=')]).toEqual([251, 255]);
    expect([...fromBase64('-_8')]).toEqual([251, 255]);
    expect(() => fromBase64('not base64!')).toThrow();
  });

  it('encodes more bytes than one call of String.fromCharCode takes', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 256);
    expect([...fromBase64(base64(bytes))]).toEqual([...bytes]);
  });

  it('encodes text as UTF-8 before base64', () => {
    expect(base64Utf8('é')).toBe('w6k=');
    expect(base64Utf8('\0user\0mot de passe')).toBe(btoa('\0user\0mot de passe'));
  });

  it('hashes strings as UTF-8 and bytes as they are to lower-case hex SHA-256', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256Hex('abc')).toBe(abc);
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(abc);
  });
});
