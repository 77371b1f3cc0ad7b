/**
 * The mailbox an address delivers to, as a key for limits: `Victim+1@Example.COM` and
 * `victim@example.com` are one mailbox. Sub-addresses (`+tag`) are dropped and the whole
 * address lower-cased: providers treat local parts case-insensitively in practice, and a limit
 * that errs toward "the same mailbox" only ever sends less.
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return email.toLowerCase();
  const local = email.slice(0, at).split('+')[0]!;
  return `${local}@${email.slice(at + 1)}`.toLowerCase();
}
