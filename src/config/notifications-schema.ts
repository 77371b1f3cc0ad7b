import { z } from 'zod';
import { durationField, idField } from './fields.ts';

// The `clients:` and `notifications:` sections: who is told about what, and through which
// channel. Addresses and URLs are checked here so that a typo is a `check-config` error, not a
// formal notice that silently never left.

export type Language = 'fr' | 'en';
export const LANGUAGES = ['fr', 'en'] as const;

export interface ContactConfig {
  readonly email: string;
  readonly name: string | null;
  /** The language the message opens with; formal notices always carry both. */
  readonly language: Language;
}

export interface ClientConfig {
  readonly name: string;
  readonly contacts: readonly ContactConfig[];
}

export type ChannelConfig =
  | { readonly id: string; readonly type: 'webhook'; readonly url: string; readonly secret: string }
  | { readonly id: string; readonly type: 'slack'; readonly url: string; readonly language: Language }
  | { readonly id: string; readonly type: 'email'; readonly to: readonly string[]; readonly language: Language };

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (465); false = plain, upgraded by STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user: string | null;
  readonly pass: string | null;
  readonly from: string;
  readonly fromName: string | null;
  /** Where replies to client notices go; null: nobody reads them, so no notice asks for one. */
  readonly replyTo: string | null;
}

export interface DeliveryPolicy {
  readonly maxAttempts: number;
  readonly firstRetryMs: number;
  readonly maxRetryMs: number;
}

export interface NotificationsConfig {
  readonly smtp: SmtpConfig | null;
  readonly channels: Readonly<Record<string, ChannelConfig>>;
  /** Channel ids per environment id; environments not listed use `default`. */
  /** `maintenance`: where outage alerts go when the outage began inside announced maintenance; null: the usual route. */
  readonly routing: { readonly default: readonly string[]; readonly environments: Readonly<Record<string, readonly string[]>>; readonly maintenance: readonly string[] | null };
  /** How long before a noticed window starts its clients get a reminder; null: no reminder. */
  readonly reminderBeforeMs: number | null;
  /** How long before an incident deadline the team is warned. */
  readonly deadlineWarningMs: number;
  /** Base URL of the public site, for the links in subscription e-mails; null: no subscriptions. */
  readonly publicUrl: string | null;
  readonly delivery: DeliveryPolicy;
}

export const DEFAULT_REMINDER_BEFORE_MS = 24 * 3_600_000;
export const DEFAULT_DEADLINE_WARNING_MS = 10 * 60_000;
export const DEFAULT_DELIVERY: DeliveryPolicy = { maxAttempts: 12, firstRetryMs: 30_000, maxRetryMs: 3_600_000 };

// RFC 5321/5322 "dot-atom" addresses only: no quoted local parts, no IP literals, no comments.
// Stricter than the RFCs on purpose: anything else in a contact list is a typo, and nothing
// that could carry a line break or a second address can pass.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why a text is not a usable e-mail address, or null when it is one. */
export function emailProblem(text: string): string | null {
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  if (text.length > 254) return 'is longer than 254 characters';
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return `"${shown}" is not an e-mail address such as ops@example.com`;
  const local = text.slice(0, at);
  const labels = text.slice(at + 1).split('.');
  if (local.length > 64 || !LOCAL.test(local)) return `"${shown}" is not an e-mail address: the part before @ is not valid`;
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels[labels.length - 1]!)) {
    return `"${shown}" is not an e-mail address: "${text.slice(at + 1)}" is not a domain name`;
  }
  return null;
}

export const emailField = z.string().transform((text, ctx) => {
  const problem = emailProblem(text.trim());
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return text.trim();
});

/** Where a webhook or Slack message is POSTed: http(s) only, no credentials in the URL. */
const hookUrlField = z.string().transform((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a URL` });
    return z.NEVER;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    ctx.addIssue({ code: 'custom', message: `a webhook URL starts with https:// (got ${url.protocol})` });
    return z.NEVER;
  }
  if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'put no credentials in the URL; a webhook is authenticated by its secret' });
    return z.NEVER;
  }
  return url.toString();
});

/** Names end up in e-mail headers and message text: one line of printable characters. */
const displayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'at most 200 characters')
  .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), { message: 'must be one line without control characters' });

const contactSchema = z.strictObject({
  email: emailField,
  name: displayName.optional(),
  language: z.enum(LANGUAGES).default('fr'),
});

/** Client names are the keys environments' `clients` refer to; they appear in messages. */
const clientName = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'at most 200 characters')
  .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), { message: 'must be one line without control characters' });

export const clientsSchema = z
  .record(clientName, z.strictObject({ contacts: z.array(contactSchema).default([]) }))
  .optional();

const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('webhook'),
    url: hookUrlField,
    secret: z.string().min(16, 'use a secret of at least 16 characters (the HMAC-SHA256 key)'),
  }),
  z.strictObject({ type: z.literal('slack'), url: hookUrlField, language: z.enum(LANGUAGES).default('en') }),
  z.strictObject({ type: z.literal('email'), to: z.array(emailField).min(1, 'list at least one address'), language: z.enum(LANGUAGES).default('en') }),
]);

const smtpSchema = z.strictObject({
  host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'is not a host name or address'),
  port: z.int().min(1).max(65_535).default(587),
  secure: z.boolean().default(false),
  user: z.string().min(1).optional(),
  pass: z.string().min(1).optional(),
  from: emailField,
  fromName: displayName.optional(),
  replyTo: emailField.optional(),
});

const leadTime = z.union([z.literal('none'), durationField]);

export const notificationsSchema = z
  .strictObject({
    publicUrl: z.url({ protocol: /^https?$/, error: 'is not an http(s) URL such as https://status.example.com' }).optional(),
    smtp: smtpSchema.optional(),
    channels: z.record(idField, channelSchema).default({}),
    routing: z
      .strictObject({
        default: z.array(idField).default([]),
        environments: z.record(z.string(), z.array(idField)).default({}),
        maintenance: z.array(idField).optional(),
      })
      .prefault({}),
    reminderBefore: leadTime.optional(),
    deadlineWarning: durationField.optional(),
    delivery: z
      .strictObject({
        maxAttempts: z.int().min(1).max(100).default(DEFAULT_DELIVERY.maxAttempts),
        firstRetry: durationField.optional(),
        maxRetry: durationField.optional(),
      })
      .prefault({}),
  })
  .optional();

export type ClientsYaml = z.output<typeof clientsSchema>;
export type NotificationsYaml = z.output<typeof notificationsSchema>;

export function toClients(raw: ClientsYaml): Record<string, ClientConfig> {
  return Object.fromEntries(
    Object.entries(raw ?? {}).map(([name, client]) => [
      name,
      { name, contacts: client.contacts.map((contact) => ({ email: contact.email, name: contact.name ?? null, language: contact.language })) },
    ]),
  );
}

export function toNotifications(raw: NotificationsYaml): NotificationsConfig {
  const channels: Record<string, ChannelConfig> = {};
  for (const [id, channel] of Object.entries(raw?.channels ?? {})) channels[id] = { id, ...channel };
  const smtp = raw?.smtp;
  return {
    smtp: smtp
      ? { host: smtp.host, port: smtp.port, secure: smtp.secure, user: smtp.user ?? null, pass: smtp.pass ?? null, from: smtp.from, fromName: smtp.fromName ?? null, replyTo: smtp.replyTo ?? null }
      : null,
    channels,
    routing: { default: raw?.routing.default ?? [], environments: raw?.routing.environments ?? {}, maintenance: raw?.routing.maintenance ?? null },
    reminderBeforeMs: raw?.reminderBefore === 'none' ? null : (raw?.reminderBefore ?? DEFAULT_REMINDER_BEFORE_MS),
    deadlineWarningMs: raw?.deadlineWarning ?? DEFAULT_DEADLINE_WARNING_MS,
    publicUrl: raw?.publicUrl ? raw.publicUrl.replace(/\/+$/, '') : null,
    delivery: {
      maxAttempts: raw?.delivery.maxAttempts ?? DEFAULT_DELIVERY.maxAttempts,
      firstRetryMs: raw?.delivery.firstRetry ?? DEFAULT_DELIVERY.firstRetryMs,
      maxRetryMs: raw?.delivery.maxRetry ?? DEFAULT_DELIVERY.maxRetryMs,
    },
  };
}

type Located = { path: Array<string | number>; message: string };
type Raw = Record<string, unknown>;
const asRecord = (value: unknown): Raw | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : null);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Names that must exist: routed channels and environments, the clients environments name,
 * SMTP for e-mail channels. Reads the raw document, like the other cross-field rules, so that
 * these are reported together with the field errors.
 */
export function crossCheckNotifications(document: unknown): Located[] {
  const issues: Located[] = [];
  const root = asRecord(document) ?? {};
  const notifications = asRecord(root.notifications);
  const clients = asRecord(root.clients);
  const environments = asList(root.environments).map(asRecord);

  if (clients) {
    const known = Object.keys(clients);
    environments.forEach((environment, e) => {
      asList(environment?.clients).forEach((name, c) => {
        if (typeof name === 'string' && !(name in clients)) {
          issues.push({ path: ['environments', e, 'clients', c], message: `no client named "${name}" under clients: (known: ${known.join(', ') || 'none'})` });
        }
      });
    });
  }
  if (!notifications) return issues;

  const channels = asRecord(notifications.channels) ?? {};
  const routing = asRecord(notifications.routing) ?? {};
  const checkRoute = (list: unknown, path: Array<string | number>) =>
    asList(list).forEach((id, k) => {
      if (typeof id === 'string' && !(id in channels)) {
        issues.push({ path: [...path, k], message: `no channel named "${id}" under notifications.channels (known: ${Object.keys(channels).join(', ') || 'none'})` });
      }
    });
  checkRoute(routing.default, ['notifications', 'routing', 'default']);
  if (routing.maintenance !== undefined) checkRoute(routing.maintenance, ['notifications', 'routing', 'maintenance']);
  const environmentIds = new Set(environments.map((environment) => environment?.id).filter((id) => typeof id === 'string'));
  for (const [envId, list] of Object.entries(asRecord(routing.environments) ?? {})) {
    if (!environmentIds.has(envId)) issues.push({ path: ['notifications', 'routing', 'environments', envId], message: `no environment with id "${envId}"` });
    checkRoute(list, ['notifications', 'routing', 'environments', envId]);
  }
  if (!notifications.smtp) {
    for (const [id, channel] of Object.entries(channels)) {
      if (asRecord(channel)?.type === 'email') issues.push({ path: ['notifications', 'channels', id], message: 'an email channel needs notifications.smtp' });
    }
  }
  const smtp = asRecord(notifications.smtp);
  if (smtp && (smtp.user === undefined) !== (smtp.pass === undefined)) {
    issues.push({ path: ['notifications', 'smtp', smtp.user === undefined ? 'user' : 'pass'], message: 'give both user and pass, or neither' });
  }
  const delivery = asRecord(notifications.delivery);
  return issues.concat(retryOrder(delivery));
}

function retryOrder(delivery: Raw | null): Located[] {
  if (!delivery || typeof delivery.firstRetry !== 'string' || typeof delivery.maxRetry !== 'string') return [];
  const first = durationField.safeParse(delivery.firstRetry);
  const max = durationField.safeParse(delivery.maxRetry);
  if (first.success && max.success && first.data > max.data) {
    return [{ path: ['notifications', 'delivery', 'maxRetry'], message: 'must not be shorter than firstRetry' }];
  }
  return [];
}
