import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/audit-log.ts';
import type { StoreTx } from '../store/store.ts';
import { CLIENT_NOTICE_CHANNEL } from './maintenance-notices.ts';
import { deliveriesOfVersion } from './outbox-store.ts';

/**
 * Once the SMTP server has accepted every notice message of a version, the version has its
 * notice: `noticeSentAt` is when the last of them was accepted (the notice has reached every
 * client only then) and `noticeRef` their Message-IDs. Set once; never before. Returns
 * whether it was set now.
 */
export async function completeNotice(tx: StoreTx, windowVersionId: number, now: number): Promise<boolean> {
  const deliveries = (await deliveriesOfVersion(tx, windowVersionId)).filter((delivery) => delivery.channel === CLIENT_NOTICE_CHANNEL);
  if (deliveries.length === 0 || deliveries.some((delivery) => delivery.status !== 'sent' || delivery.sentAt === null)) return false;
  const noticeSentAt = Math.max(...deliveries.map((delivery) => delivery.sentAt!));
  const noticeRef = deliveries.map((delivery) => delivery.ref ?? `outbox:${delivery.id}`).join(' ');
  const [updated] = await tx.db
    .update(tx.t.maintenanceVersions)
    .set({ noticeSentAt, noticeRef })
    .where(and(eq(tx.t.maintenanceVersions.id, windowVersionId), isNull(tx.t.maintenanceVersions.noticeSentAt)))
    .returning({ windowId: tx.t.maintenanceVersions.windowId });
  if (!updated) return false;
  await recordAudit(tx, {
    at: now,
    actor: 'veille',
    action: 'maintenance.notice_sent',
    target: `maintenance:${updated.windowId}`,
    details: {
      versionId: windowVersionId,
      noticeSentAt: new Date(noticeSentAt).toISOString(),
      noticeRef,
      recipients: deliveries.map((delivery) => delivery.recipient),
    },
  });
  return true;
}
