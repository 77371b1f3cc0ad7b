import type { Config, ContactConfig, EnvironmentConfig } from '../config/types.ts';

/** One person a formal notice goes to, with the affected environments of their own clients only. */
export interface NoticeRecipient {
  readonly contact: ContactConfig;
  readonly clients: readonly string[];
  readonly environments: readonly EnvironmentConfig[];
}

export type RecipientsResult = { ok: true; recipients: NoticeRecipient[] } | { ok: false; message: string };

/**
 * Every contact of the clients of the affected environments, once per address. A client the
 * configuration names without contacts is an error: its notice could not be sent, so the
 * window could never be noticed for that environment.
 */
export function noticeRecipients(config: Config, environmentIds: readonly string[]): RecipientsResult {
  const byAddress = new Map<string, { contact: ContactConfig; clients: Set<string>; environments: Map<string, EnvironmentConfig> }>();
  for (const envId of environmentIds) {
    const environment = config.environments.find((candidate) => candidate.id === envId);
    if (!environment) return { ok: false, message: `unknown environment "${envId}"` };
    for (const clientName of environment.clients) {
      const client = config.clients[clientName];
      if (!client || client.contacts.length === 0) {
        return { ok: false, message: `client "${clientName}" of environment ${envId} has no contact under clients: in the configuration` };
      }
      for (const contact of client.contacts) {
        const key = contact.email.toLowerCase();
        const entry = byAddress.get(key) ?? { contact, clients: new Set<string>(), environments: new Map<string, EnvironmentConfig>() };
        entry.clients.add(clientName);
        entry.environments.set(envId, environment);
        byAddress.set(key, entry);
      }
    }
  }
  if (byAddress.size === 0) {
    return { ok: false, message: `no client is named by environment${environmentIds.length > 1 ? 's' : ''} ${environmentIds.join(', ')}: nobody to notify` };
  }
  return {
    ok: true,
    recipients: [...byAddress.values()].map((entry) => ({ contact: entry.contact, clients: [...entry.clients], environments: [...entry.environments.values()] })),
  };
}
