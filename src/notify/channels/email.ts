import type { Transporter } from 'nodemailer';
import type { SmtpConfig } from '../../config/types.ts';
import { oneLine } from '../header-safety.ts';
import type { DeliveryOutcome, Sender, SenderOptions } from './channel.ts';

/** Extra headers an e-mail may carry, chosen by veille (List-Unsubscribe, Reply-To), never by a user. */
interface EmailPayload {
  headers?: Record<string, string>;
  /** Where a reply goes (client notices, when smtp.replyTo is set). */
  replyTo?: string;
}

/** RFC 3834: every message veille sends is automatic, so autoresponders and vacation replies stay quiet. */
const AUTOMATIC = { 'Auto-Submitted': 'auto-generated' };

/** The longest single reply veille reads from an SMTP server (nodemailer's default is 1 MB). */
export const MAX_SMTP_REPLY_BYTES = 64 * 1024;

/**
 * E-mail over SMTP with nodemailer. Accepted means the server took the message for that
 * recipient (its reply to DATA): the moment a formal notice counts as sent. Refusals with a
 * 5xx to the recipient or the message are final; anything else (no connection, 4xx,
 * authentication) is retried.
 *
 * nodemailer's timeouts are for idleness: a server that trickles a reply a byte at a time never
 * trips them. So each message also has a deadline (three times the channel timeout: connect,
 * greeting, then the exchange); past it the connection is dropped, the delivery fails (and is
 * retried), and the next message opens a new one.
 *
 * nodemailer is loaded with the first message: a daemon that sends none does not hold it.
 */
export function emailSender(smtp: SmtpConfig | null, options: SenderOptions): Sender {
  if (!smtp) {
    return { send: async () => ({ ok: false, error: 'notifications.smtp is not configured', permanent: true }) };
  }
  const deadlineMs = options.timeoutMs * 3;
  const open = async (): Promise<Transporter> =>
    (await import('nodemailer')).default.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user !== null && smtp.pass !== null ? { auth: { user: smtp.user, pass: smtp.pass } } : {}),
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs * 2,
      maxResponseSize: MAX_SMTP_REPLY_BYTES,
      // One connection reused for a run's messages: a new SMTP session per message costs ~100 ms
      // even on loopback (≈6 ms per message pooled), which matters when every subscriber is told.
      pool: true,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  let transport: Promise<Transporter> | null = null;
  const current = () => (transport ??= open());
  return {
    async send(delivery): Promise<DeliveryOutcome> {
      const payload = (delivery.payload ?? {}) as EmailPayload;
      const headers = Object.fromEntries(Object.entries(payload.headers ?? {}).map(([name, value]) => [oneLine(name, 80), oneLine(value, 2000)]));
      try {
        const sending = (await current()).sendMail({
          from: smtp.fromName ? { name: oneLine(smtp.fromName), address: smtp.from } : smtp.from,
          to: delivery.recipientName ? { name: oneLine(delivery.recipientName), address: delivery.recipient } : delivery.recipient,
          subject: oneLine(delivery.subject, 400),
          text: delivery.body,
          ...(payload.replyTo ? { replyTo: oneLine(payload.replyTo) } : {}),
          headers: { ...headers, ...AUTOMATIC },
        });
        const info = await withinDeadline(sending, deadlineMs);
        if (info === null) {
          sending.catch(() => undefined);
          (await current()).close();
          transport = null;
          return { ok: false, error: `SMTP timeout: the server did not finish within ${deadlineMs} ms`, permanent: false };
        }
        const accepted = (info.accepted as Array<string | { address: string }>).map((entry) => (typeof entry === 'string' ? entry : entry.address).toLowerCase());
        if (!accepted.includes(delivery.recipient.toLowerCase())) {
          return { ok: false, error: `the server did not accept ${delivery.recipient}: ${info.response ?? 'no reply'}`, permanent: false };
        }
        return { ok: true, ref: info.messageId ?? null };
      } catch (error) {
        const err = error as { code?: string; responseCode?: number; response?: string; message?: string };
        const permanent = (err.responseCode ?? 0) >= 500 && (err.code === 'EENVELOPE' || err.code === 'EMESSAGE');
        const detail = err.response ?? err.message ?? String(error);
        return { ok: false, error: `SMTP ${err.code ?? 'error'}${err.responseCode ? ` ${err.responseCode}` : ''}: ${oneLine(detail, 300)}`, permanent };
      }
    },
    close: () => {
      transport?.then((open) => open.close()).catch(() => undefined);
    },
  };
}

/** The promise's value, or null if it has not settled after `ms`. */
async function withinDeadline<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
