import { and, eq, isNull } from 'drizzle-orm';
import { recordAuditSync } from '../audit/audit-log.ts';
import type { Db } from '../store/database.ts';
import { maintenanceVersions } from '../store/schema/index.ts';
import { CLIENT_NOTICE_CHANNEL } from './maintenance-notices.ts';
import { deliveriesOfVersion } from './outbox-store.ts';

/**
 * Once the SMTP server has accepted every notice message of a version, the version has its
 * notice: `noticeSentAt` is when the last of them was accepted (the notice has reached every
 * client only then) and `noticeRef` their Message-IDs. Set once; never before. Returns
 * whether it was set now.
 */
export function completeNotice(db: Db, windowVersionId: number, now: number): boolean {
  const deliveries = deliveriesOfVersion(db, windowVersionId).filter((delivery) => delivery.channel === CLIENT_NOTICE_CHANNEL);
  if (deliveries.length === 0 || deliveries.some((delivery) => delivery.status !== 'sent' || delivery.sentAt === null)) return false;
  const noticeSentAt = Math.max(...deliveries.map((delivery) => delivery.sentAt!));
  const noticeRef = deliveries.map((delivery) => delivery.ref ?? `outbox:${delivery.id}`).join(' ');
  const updated = db
    .update(maintenanceVersions)
    .set({ noticeSentAt, noticeRef })
    .where(and(eq(maintenanceVersions.id, windowVersionId), isNull(maintenanceVersions.noticeSentAt)))
    .returning({ windowId: maintenanceVersions.windowId })
    .get();
  if (!updated) return false;
  recordAuditSync(db, {
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
