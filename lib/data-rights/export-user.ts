import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { authorize } from '../auth/roles';
import { actorLabel, type Ctx } from '../context';
import { inspectedConnection, UserId } from '../inspector/inspected-connection';
import { parseInput } from '../validation';
import { eventsWithDeliveries, inboxCopies } from './export-events';
import {
  auditItems,
  backfillItems,
  connectAttemptItems,
  dataRequestItems,
  payloadItems,
  rawRecordItems,
  userRecord,
} from './export-sections';
import { unsharedReference } from './their-rows';

const Input = z.object({ userId: UserId });

/** What each section of the document holds, written into its manifest. */
export const exportSections = {
  raw_records: "CardioMood's answers exactly as received, with their SHA-256, oldest day first",
  payloads: 'every Terra payload made from them, whole (samples included), oldest day first',
  events: 'every event about the user in emission order, each with its deliveries and their attempts',
  inbox_messages: "the built-in inbox's copies of those events, bodies as received",
  backfills: 'backfills and REST data requests of the user; of backfills of all users, only their months',
  data_requests: "days asked for over REST, counted against Terra's per-user limit",
  connect_attempts: 'widget sessions and authorizations under their user id or reference id',
  audit_log: 'audit entries about the user, this export included',
} as const;

const notIncluded = [
  'OAuth tokens (kept encrypted, never exported)',
  "destinations' settings and secrets",
  "delivery attempts' request headers and the inbox's received headers (they carry signatures)",
];

/**
 * Everything held about one user as one JSON document, streamed section by section a page at a time:
 * a manifest, the user without secrets, then each of `exportSections`, then the counts written. Audited
 * before the first byte; the dashboard and the CLI serve this same document.
 */
export async function exportUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'connections.export');
  const { userId } = parseInput(Input, input);
  const connection = await inspectedConnection(ctx, userId);
  const reference = await unsharedReference(ctx, connection);
  await recordAudit(ctx, {
    action: 'connection.exported',
    targetType: 'connection',
    targetId: connection.id,
    after: { format: 'json', scope: 'everything' },
  });
  const user = connection.id;
  const sections: Record<keyof typeof exportSections, AsyncIterable<unknown[]>> = {
    raw_records: rawRecordItems(ctx, user),
    payloads: payloadItems(ctx, user),
    events: eventsWithDeliveries(ctx, user, reference),
    inbox_messages: inboxCopies(ctx, user, reference),
    backfills: backfillItems(ctx, user),
    data_requests: dataRequestItems(ctx, user),
    connect_attempts: connectAttemptItems(ctx, user, reference),
    audit_log: auditItems(ctx, user),
  };
  const manifest = {
    format: 'heartbridge-user-export',
    version: 1,
    exported_at: new Date().toISOString(),
    exported_by: actorLabel(ctx.actor),
    account: { dev_id: ctx.account.devId, name: ctx.account.name },
    user_id: user,
    sections: { user: 'the connection as Terra’s user, and what Heartbridge knows of it', ...exportSections },
    not_included: notIncluded,
  };
  async function* document() {
    yield `{"manifest":${JSON.stringify(manifest)},\n"user":${JSON.stringify(userRecord(connection))}`;
    const counts: Record<string, number> = {};
    for (const [name, pages] of Object.entries(sections)) {
      yield `,\n${JSON.stringify(name)}:[`;
      let written = 0;
      for await (const items of pages) {
        if (!items.length) continue;
        yield (written ? ',\n' : '\n') + items.map((item) => JSON.stringify(item)).join(',\n');
        written += items.length;
      }
      yield ']';
      counts[name] = written;
    }
    yield `,\n"counts":${JSON.stringify(counts)}}\n`;
  }
  const day = manifest.exported_at.slice(0, 10);
  const filename = `heartbridge-user-${connection.referenceId ?? user}-${day}.json`.replace(/[^\w.-]+/g, '_');
  return { filename, contentType: 'application/json; charset=utf-8', chunks: document() };
}
