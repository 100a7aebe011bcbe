import { describe, expect, it } from 'vitest';
import { EventStreamParser, type StreamEvent } from '../../../shared/jmap/event-stream.ts';

function parse(chunks: string[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  const parser = new EventStreamParser((e) => events.push(e));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('EventStreamParser', () => {
  it('dispatches an event once its blank line arrives, whatever the chunks', () => {
    const text = 'event: state\ndata: {"a":1}\n\nevent: ping\ndata: {}\n\n';
    const whole = parse([text]);
    const byChar = parse([...text]);
    expect(whole).toEqual([
      { event: 'state', data: '{"a":1}' },
      { event: 'ping', data: '{}' },
    ]);
    expect(byChar).toEqual(whole);
  });

  it('joins data lines with a newline and names an unnamed event "message"', () => {
    expect(parse(['data: one\ndata:two\n\n'])).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('ignores comments, ids, retry and events without data', () => {
    expect(parse([': keep-alive\n\nid: 3\nretry: 100\n\nevent: x\n\n'])).toEqual([]);
  });

  it('reads CRLF and CR line ends, a CRLF split across chunks included, and a leading BOM', () => {
    expect(parse(['\uFEFFdata: a\r', '\n\r\n', 'data: b\r\r: next\n'])).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('keeps an event that has not ended until its blank line', () => {
    const events: StreamEvent[] = [];
    const parser = new EventStreamParser((e) => events.push(e));
    parser.push('event: state\ndata: {}\n');
    expect(events).toEqual([]);
    parser.push('\n');
    expect(events).toHaveLength(1);
  });
});
