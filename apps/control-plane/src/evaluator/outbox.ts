import { claimOutbox, deleteOutbox } from '@vantage/db';
import type { StatusEvent } from '@vantage/domain';
import type { AlertEvent } from '@vantage/queue';
import { writeStatusEvents } from '@vantage/results';
import type { Queue } from 'bullmq';
import type { AppContext } from '../context.ts';
import { publishAlertEvent } from '../notifications/queues.ts';

const batchSize = 500;

/** A status event as stored in the outbox (JSON: the time is a string). */
type StoredStatusEvent = Omit<StatusEvent, 'at'> & { at: string };

/**
 * Delivers what committed evaluations and incident writes decided: timeline events to ClickHouse, alert
 * events to BullMQ via `publishAlertEvent` (job id derived from the event id, so a re-delivery never
 * enqueues twice; fan-out is retried). Rows leave the outbox only once delivered; instances skip each other's rows. Returns how many rows were delivered.
 */
export async function deliverOutbox(
  app: Pick<AppContext, 'db' | 'results'>,
  alerts: Queue<AlertEvent>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const delivered = await app.db.transaction(async (tx) => {
      const rows = await claimOutbox(tx, batchSize);
      const events = rows
        .filter((row) => row.kind === 'status_event')
        .map((row) => {
          const stored = row.payload as StoredStatusEvent;
          return { ...stored, at: new Date(stored.at) };
        });
      await writeStatusEvents(app.results, events);
      const alertEvents = rows
        .filter((row) => row.kind === 'alert_event')
        .map((row) => row.payload as AlertEvent);
      for (const event of alertEvents) await publishAlertEvent(alerts, event);
      await deleteOutbox(
        tx,
        rows.map((row) => row.id),
      );
      return rows.length;
    });
    total += delivered;
    if (delivered < batchSize) return total;
  }
}
