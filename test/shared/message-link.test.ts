import { describe, expect, it } from 'vitest';
import { composeLink, messageLink, readMessageLink } from '../../shared/message-link.ts';

describe('messageLink', () => {
  it('puts the BAL and the message in the fragment, which readMessageLink reads back', () => {
    const link = messageLink('https://pli.example', 'b-1', 'e 2');
    const url = new URL(link);
    expect(url.pathname).toBe('/');
    expect(url.search).toBe('');
    expect(readMessageLink(url.hash)).toEqual({
      accountId: 'b-1',
      emailId: 'e 2',
      compose: false,
    });
  });

  it('opens the inbox of a BAL without a message, and nothing without a BAL', () => {
    expect(readMessageLink(new URL(messageLink('https://p.example', 'b')).hash)).toEqual({
      accountId: 'b',
      emailId: null,
      compose: false,
    });
    expect(readMessageLink('#code=ABCD-EFGH')).toBeNull();
    expect(readMessageLink('')).toBeNull();
  });

  it('opens the composer of a BAL', () => {
    expect(readMessageLink(new URL(composeLink('https://p.example', 'b')).hash)).toEqual({
      accountId: 'b',
      emailId: null,
      compose: true,
    });
  });
});
