import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: links in e-mails cannot be guessed. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token as it may arrive from a link: refuse anything else before touching the database. */
export function isTokenShape(text: unknown): text is string {
  return typeof text === 'string' && /^[A-Za-z0-9_-]{43}$/.test(text);
}
