/**
 * A parser of `text/event-stream` (the HTML standard's "server-sent events" format), for
 * clients that read JMAP push (RFC 8620 section 7.3) through `fetch` rather than
 * `EventSource`: an extension's service worker has no `EventSource`, and `fetch` can send
 * the token in a header instead of the URL. Feed it the decoded text as it arrives, in
 * chunks of any size; it calls `onEvent` once per complete event. Comments (lines starting
 * with `:`) and `retry`/`id` fields are read and ignored.
 *
 * @example
 * const parser = new EventStreamParser((e) => console.log(e.event, e.data));
 * parser.push('event: state\ndata: {"@type":"StateChange"');
 * parser.push(',"changed":{}}\n\n'); // logs: state {"@type":"StateChange","changed":{}}
 */
export interface StreamEvent {
  /** The `event` field, `message` when absent. */
  event: string;
  /** The `data` lines joined with `\n`. */
  data: string;
}

export class EventStreamParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private started = false;
  private readonly onEvent: (event: StreamEvent) => void;

  // No parameter property: the gateway runs this file with Node's type stripping.
  constructor(onEvent: (event: StreamEvent) => void) {
    this.onEvent = onEvent;
  }

  /** Adds decoded text; dispatches every event it completes. */
  push(text: string): void {
    this.buffer += text;
    // A line ends with CRLF, LF or CR; a lone CR at the very end may be the start of CRLF.
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line);
    }
  }

  private line(raw: string): void {
    let line = raw;
    if (!this.started) {
      this.started = true;
      if (line.startsWith('\uFEFF')) line = line.slice(1);
    }
    if (line === '') {
      if (this.data.length > 0) {
        this.onEvent({ event: this.event || 'message', data: this.data.join('\n') });
      }
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}
