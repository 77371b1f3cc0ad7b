import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// A real SMTP server on loopback for the tests: it keeps what it was given, or refuses as told.

export interface ReceivedMail {
  /** Envelope recipients: who the server was actually asked to deliver to. */
  readonly rcptTo: string[];
  readonly mailFrom: string;
  /** Headers by lower-case name (every occurrence), decoded. */
  readonly headers: Map<string, string[]>;
  readonly subject: string;
  readonly text: string;
  readonly raw: string;
}

export type ReceiverMode = 'accept' | 'tempfail' | 'reject';

export interface SmtpReceiver {
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** accept; tempfail = 451 on DATA (retry later); reject = 550 (never). */
  mode: ReceiverMode;
  /** Messages to a recipient this says to hold get no answer to their data until `release()`. */
  hold: (recipient: string) => boolean;
  /** Answers every held message (as `mode` says). */
  release(): void;
  /** How many messages are held now. */
  waiting(): number;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const receiver = { mode: 'accept' as ReceiverMode, hold: (_recipient: string) => false };
  const held: Array<() => void> = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (session.envelope.rcptTo.some((r) => receiver.hold(r.address))) {
          held.push(() => answer());
          return;
        }
        answer();
      });
      function answer() {
        if (receiver.mode !== 'accept') {
          const error = new Error(receiver.mode === 'tempfail' ? 'try again later' : 'mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = receiver.mode === 'tempfail' ? 451 : 550;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push(parseMail(raw, session.envelope.rcptTo.map((r) => r.address), session.envelope.mailFrom ? session.envelope.mailFrom.address : ''));
        callback();
      }
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    port,
    messages,
    waiting: () => held.length,
    release: () => {
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const answer of held.splice(0)) answer();
        server.close(() => resolve());
      }),
  });
}

function parseMail(raw: string, rcptTo: string[], mailFrom: string): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), decodeWords(line.slice(colon + 1).trim())]);
  }
  let body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.[0]?.toLowerCase();
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { rcptTo, mailFrom, headers, subject: headers.get('subject')?.[0] ?? '', text: body.replace(/\r\n/g, '\n').replace(/\n$/, ''), raw };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), adjacent ones joined. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
