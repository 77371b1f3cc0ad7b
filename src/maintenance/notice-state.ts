import type { WindowVersion } from './window-store.ts';

/**
 * How a version of a window was announced to the clients (rule 5), as the SRE console and the
 * CLI say it:
 * - `emailed`: veille e-mailed the formal notice; `at` is when the mail server accepted the last message;
 * - `pending`: veille is e-mailing it; no exclusion counts for this version until then;
 * - `recorded`: a notice sent by other means, recorded by hand with its reference;
 * - `none`: no notice was given; the registration time is taken as the notice time.
 */
export type NoticeState =
  | { readonly kind: 'emailed'; readonly at: number; readonly ref: string | null }
  | { readonly kind: 'pending' }
  | { readonly kind: 'recorded'; readonly at: number; readonly ref: string }
  | { readonly kind: 'none'; readonly at: number };

/** `emailedByVeille`: the version has formal notice messages in the outbox (notify). */
export function noticeState(version: Pick<WindowVersion, 'noticeSentAt' | 'noticeRef'>, emailedByVeille: boolean): NoticeState {
  if (version.noticeSentAt === null) return { kind: 'pending' };
  if (emailedByVeille) return { kind: 'emailed', at: version.noticeSentAt, ref: version.noticeRef };
  if (version.noticeRef !== null) return { kind: 'recorded', at: version.noticeSentAt, ref: version.noticeRef };
  return { kind: 'none', at: version.noticeSentAt };
}
