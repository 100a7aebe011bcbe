import { describe, expect, it } from 'vitest';
import { dotStuff } from '../../../../server/delivery/transports/dot-stuff.ts';

const text = (s: string) => new TextDecoder().decode(dotStuff(new TextEncoder().encode(s)));

describe('dotStuff', () => {
  it('doubles a leading dot on every line and ends with CRLF.CRLF', () => {
    expect(text('a\r\n.b\r\n..c\r\n')).toBe('a\r\n..b\r\n...c\r\n.\r\n');
    expect(text('.start')).toBe('..start\r\n.\r\n');
  });

  it('turns bare LF and bare CR into CRLF', () => {
    expect(text('a\nb\rc')).toBe('a\r\nb\r\nc\r\n.\r\n');
  });

  it('never lets a lone dot line end the data early', () => {
    expect(text('x\r\n.\r\ny')).toBe('x\r\n..\r\ny\r\n.\r\n');
  });
});
