/** Types of `emailjs-imap-handler` (the package ships none): the parts the gateway uses. */
declare module 'emailjs-imap-handler' {
  /** A parsed or compiled node; lists are arrays, NIL is null. */
  export type ImapNode = ImapAtom | ImapNode[] | null | string | number;

  export interface ImapAtom {
    type: 'ATOM' | 'STRING' | 'LITERAL' | 'SEQUENCE' | 'TEXT' | 'SECTION' | 'NUMBER';
    value?: string;
    section?: ImapNode[];
    partial?: number[];
  }

  export interface ImapCommand {
    tag: string;
    command: string;
    attributes?: ImapNode[];
  }

  const handler: {
    /** Parses one whole command (literals inline, no final CRLF); throws on bad syntax. */
    parser(command: Uint8Array, options?: { valueAsString?: boolean }): ImapCommand;
    /** Compiles a response; strings and literals are binary strings (one char per byte). */
    compiler(response: ImapCommand, asArray?: boolean, isLogging?: boolean): string;
  };
  export default handler;
}
