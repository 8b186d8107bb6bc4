import type PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import { type Attempt, attemptDelivery } from '../delivery/attempt-delivery';
import { settledStatus } from '../delivery/deliver';
import { type DeliveryToSend, loadDeliveries } from '../delivery/load-deliveries';
import { recordAttempts } from '../delivery/record-attempts';
import { log } from '../log';
import { queues } from './boss';
import { claimDueDeliveries, releaseDeliveries } from './due-deliveries';
import { channels } from './wake';

export const dispatcherLimits = {
  /** Attempts in flight to one destination: a slow one holds these and no more. */
  perDestination: 64,
  /**
   * Deliveries waiting in a destination's lane, so that a freed slot is refilled at once. One round of
   * the slowest attempts (30 s) at most, so that none waits past its claim (lib/jobs/due-deliveries.ts).
   */
  waitingPerDestination: 64,
  /** Deliveries one process holds at once, running or waiting. */
  held: 1024,
  /** Transactions recording finished attempts at once. */
  recorders: 2,
  /** Deliveries in one `deliveries` job. */
  perJob: 64,
  /** Retries come due without a notification: look for them this often. */
  tickMs: 1000,
};

/**
 * How long after a delivery's claim was used its outcome may still be recorded, or the claim let go:
 * claims last 80 s (lib/jobs/due-deliveries.ts), made at most 30 s before an attempt starts.
 */
const recordRetryMs = 45_000;

interface JobData {
  deliveryIds: string[];
}

interface Lane {
  running: number;
  waiting: { jobId: string; toSend: DeliveryToSend }[];
}

/**
 * Delivers on pg-boss without waiting for its polling. A notification on commit (lib/jobs/wake.ts),
 * the tick or a finished attempt starts a cycle: claim due deliveries in the outbox and queue them as
 * `deliveries` jobs (a batch to one destination each), fetch jobs, start each attempt at once in its
 * destination's lane. Finished attempts are recorded together in one transaction; a job completes
 * when all its attempts are recorded. A killed process's jobs expire and their deliveries come back.
 */
export async function startDeliveryDispatcher(
  database: Database,
  boss: PgBoss,
  options: Partial<typeof dispatcherLimits> = {},
) {
  const limits = { ...dispatcherLimits, ...options };
  const lanes = new Map<string, Lane>();
  const unfinished = new Map<string, number>(); // job id → attempts not yet recorded
  const preloaded = new Map<string, DeliveryToSend>(); // claimed here, loaded, not yet fetched as a job
  const unreleased = new Map<string, number>(); // delivery id → when its claim should have been let go
  let held = 0;
  let stopped = false;
  let cycle: Promise<void> | null = null;
  let again = false;
  let claim = true;
  let finished: { jobId: string; attempt: Attempt }[] = [];
  const recordings = new Set<Promise<void>>();

  const lane = (destinationId: string) => {
    let found = lanes.get(destinationId);
    if (!found) {
      found = { running: 0, waiting: [] };
      lanes.set(destinationId, found);
    }
    return found;
  };

  const wake = (options: { claim?: boolean } = {}) => {
    if (options.claim) claim = true;
    if (stopped) return;
    if (cycle) {
      again = true;
      return;
    }
    cycle = runCycles().finally(() => {
      cycle = null;
    });
  };

  async function runCycles() {
    do {
      again = false;
      try {
        if (unreleased.size) await releaseUnreleased();
        if (claim) {
          claim = false;
          await queueDue();
        }
        while (!stopped && held < limits.held) {
          const batchSize = Math.max(1, Math.floor((limits.held - held) / limits.perJob));
          const jobs = await boss.fetch<JobData>(queues.deliveries, { batchSize });
          if ((jobs?.length ?? 0) < batchSize) claim = true; // pg-boss's queue ran dry: refill it next
          if (!jobs?.length) break;
          await take(jobs);
        }
      } catch (error) {
        log.error({ err: error }, 'delivery cycle failed');
      }
    } while (again && !stopped);
  }

  async function queueDue() {
    const heldByDestination = Object.fromEntries(
      [...lanes].map(([id, l]) => [id, l.running + l.waiting.length] as const),
    );
    const claimed = await claimDueDeliveries(database.db, {
      now: new Date(),
      limit: limits.held,
      perDestination: limits.perDestination + limits.waitingPerDestination,
      held: heldByDestination,
    });
    const jobs: { name: string; data: JobData }[] = [];
    const open = new Map<string, JobData>();
    for (const { id, destinationId } of claimed) {
      let data = open.get(destinationId);
      if (!data || data.deliveryIds.length >= limits.perJob) {
        data = { deliveryIds: [] };
        open.set(destinationId, data);
        jobs.push({ name: queues.deliveries, data });
      }
      data.deliveryIds.push(id);
    }
    if (jobs.length === 0) return;
    const ids = claimed.map((c) => c.id);
    // Loaded while the jobs are queued: the jobs this process fetches next are most often these.
    const [inserted, loaded] = await Promise.allSettled([boss.insert(jobs), loadDeliveries(database.db, ids)]);
    if (inserted.status === 'rejected') {
      await giveBack(ids); // claimed, never queued: the next claim takes them rather than waiting out the claim
      throw inserted.reason;
    }
    // Jobs another process fetched are never taken here: forget what was loaded for them now and then.
    if (preloaded.size > 4 * limits.held) preloaded.clear();
    if (loaded.status === 'fulfilled') for (const toSend of loaded.value) preloaded.set(toSend.delivery.id, toSend);
  }

  /** Lets claimed deliveries go; when the database is away, as soon as it is back (the next cycle). */
  async function giveBack(ids: string[]) {
    try {
      await releaseDeliveries(database.db, ids);
    } catch {
      for (const id of ids) unreleased.set(id, Date.now());
    }
  }

  /** Only claims that still hold: a lapsed one may be another worker's claim by now. */
  async function releaseUnreleased() {
    const holding = [...unreleased].filter(([, at]) => Date.now() - at < recordRetryMs).map(([id]) => id);
    await releaseDeliveries(database.db, holding);
    unreleased.clear();
  }

  /** Each delivery runs in its destination's lane, or waits there; a full lane lets it go. */
  async function take(jobs: PgBoss.Job<JobData>[]) {
    const loaded = new Map<string, DeliveryToSend>();
    const missing: string[] = [];
    for (const id of jobs.flatMap((j) => j.data.deliveryIds)) {
      const hit = preloaded.get(id);
      if (hit) loaded.set(id, hit);
      else missing.push(id);
      preloaded.delete(id);
    }
    try {
      for (const toSend of await loadDeliveries(database.db, missing)) loaded.set(toSend.delivery.id, toSend);
    } catch (error) {
      await giveBack(jobs.flatMap((j) => j.data.deliveryIds)); // the jobs expire untaken; the next claim takes these
      throw error;
    }
    const letGo: string[] = [];
    const done: string[] = [];
    for (const job of jobs) {
      let count = 0;
      for (const id of job.data.deliveryIds) {
        const toSend = loaded.get(id);
        if (!toSend || settledStatus(toSend)) continue;
        const target = lane(toSend.destination.id);
        if (target.waiting.length >= limits.waitingPerDestination) {
          letGo.push(id);
          continue;
        }
        count += 1;
        held += 1;
        if (target.running < limits.perDestination) run(job.id, toSend, target);
        else target.waiting.push({ jobId: job.id, toSend });
      }
      if (count) unfinished.set(job.id, count);
      else done.push(job.id);
    }
    await giveBack(letGo);
    if (done.length) await boss.complete(queues.deliveries, done);
  }

  function run(jobId: string, toSend: DeliveryToSend, target: Lane) {
    target.running += 1;
    void attemptDelivery(toSend).then((attempt) => {
      target.running -= 1;
      held -= 1;
      finished.push({ jobId, attempt });
      record();
      const next = target.waiting.shift();
      if (next) run(next.jobId, next.toSend, target);
      else if (target.running === 0) lanes.delete(toSend.destination.id);
      wake();
    });
  }

  /** Group commit: attempts that finish while batches are being written go into the next one. */
  function record() {
    if (recordings.size >= limits.recorders || finished.length === 0) return;
    const batch = finished;
    finished = [];
    const recording = (async () => {
      try {
        await recordUntilClaimEnds(batch.map((f) => f.attempt));
        await settle(batch.map((f) => f.jobId));
      } catch (error) {
        // Not recorded: the job stays active until it expires, then its deliveries are attempted again.
        log.error({ err: error, attempts: batch.length }, 'recording delivery attempts failed');
      }
    })().finally(() => {
      recordings.delete(recording);
      record();
    });
    recordings.add(recording);
  }

  /**
   * Records a batch, trying again while the database is away (a restart): the attempts were sent, and
   * an unrecorded one is sent again. Only while the claims hold, so that a late record never
   * overwrites that of another worker which claimed the delivery since.
   */
  async function recordUntilClaimEnds(attempts: Attempt[]) {
    const until = Math.min(...attempts.map((a) => a.startedAt.getTime())) + recordRetryMs;
    for (let waitMs = 250; ; waitMs = Math.min(2 * waitMs, 5_000)) {
      try {
        return await recordAttempts(database.db, attempts);
      } catch (error) {
        if (stopped || Date.now() + waitMs > until) throw error;
        log.warn({ err: error, attempts: attempts.length }, 'recording delivery attempts failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  /** Counts deliveries of jobs as done; a job whose deliveries are all done is completed. */
  async function settle(jobIds: string[]) {
    const complete: string[] = [];
    for (const jobId of jobIds) {
      const left = (unfinished.get(jobId) ?? 1) - 1;
      if (left > 0) unfinished.set(jobId, left);
      else {
        unfinished.delete(jobId);
        complete.push(jobId);
      }
    }
    if (complete.length) await boss.complete(queues.deliveries, complete);
  }

  /** On stop, deliveries still waiting in lanes go back to the outbox for the next claim. */
  async function releaseWaiting() {
    const waiting = [...lanes.values()].flatMap((l) => l.waiting.splice(0));
    held -= waiting.length;
    await releaseDeliveries(
      database.db,
      waiting.map((w) => w.toSend.delivery.id),
    );
    await settle(waiting.map((w) => w.jobId));
  }

  const unlisten = await database.listen(channels.deliveries, () => wake({ claim: true }));
  const timer = setInterval(() => wake({ claim: true }), limits.tickMs);
  wake();
  return {
    wake,
    /** Stops taking work, gives back what waits, lets attempts in flight finish and records them. */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten();
      await cycle;
      await releaseWaiting().catch((error) => log.error({ err: error }, 'releasing waiting deliveries failed'));
      while (cycle || recordings.size || held > 0 || finished.length) {
        await Promise.all([cycle, ...recordings, new Promise((resolve) => setTimeout(resolve, 10))]);
      }
    },
  };
}
