import { ROLES, type Role } from '../auth/roles.ts';
import { createToken } from '../auth/token-store.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { openDatabase } from '../store/database.ts';
import { CliError } from './cli-error.ts';
import { DEFAULT_DB, parseOptions } from './options.ts';

/** `veille token create --role viewer|sre|admin [--name TEXT] [--db FILE]`: the secret is printed once, last. */
export async function tokenCommand(args: string[], now: number): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new CliError('veille token: usage: veille token create --role viewer|sre|admin [--name TEXT] [--db FILE]');
  const options = parseOptions('token create', rest, {
    role: { type: 'string' },
    name: { type: 'string' },
    db: { type: 'string', default: DEFAULT_DB },
  });
  if (!options.role || !(ROLES as readonly string[]).includes(options.role)) {
    throw new CliError(`veille token create: --role must be one of ${ROLES.join(', ')}${options.role ? ` (got "${options.role}")` : ''}`);
  }
  const role = options.role as Role;
  const name = options.name ?? `${role} token`;
  if (name.trim() === '' || name.length > 200) throw new CliError('veille token create: --name must be 1 to 200 characters');
  const database = openDatabase(options.db);
  try {
    const token = await database.store.transaction(async (tx) => {
      const created = await createToken(tx, { role, name, now });
      await recordAudit(tx, { at: now, actor: 'cli', action: 'token.create', target: `token:${created.id}`, details: { role, name } });
      return created;
    });
    console.log(`Created ${role} token "${name}" (id ${token.id}). It is shown only once:`);
    console.log(token.secret);
    return 0;
  } finally {
    database.close();
  }
}
