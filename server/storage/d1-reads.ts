/**
 * Reads that a request starts together go to D1 together: every statement handed to `readRows`
 * in the same turn of the event loop (the arms of one `Promise.all`, such as a step's facts) is
 * sent in one `DB.batch`, one round trip instead of one each. D1 runs a batch's statements in
 * order in one transaction, so they also see one snapshot. Reads only: a write that must land
 * or fail alone is not queued here.
 * @see https://developers.cloudflare.com/d1/worker-api/d1-database/#batch
 */
interface QueuedRead {
  statement: D1PreparedStatement;
  resolve: (rows: unknown[]) => void;
  reject: (error: unknown) => void;
}

const queues = new WeakMap<D1Database, QueuedRead[]>();

/** The rows `statement` answers, read in the same round trip as this turn's other reads. */
export function readRows<T>(db: D1Database, statement: D1PreparedStatement): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = [];
      queues.set(db, queue);
      queueMicrotask(() => void send(db));
    }
    queue.push({ statement, resolve: resolve as (rows: unknown[]) => void, reject });
  });
}

/** The first row `statement` answers, or null; batched like `readRows`. */
export async function readRow<T>(
  db: D1Database,
  statement: D1PreparedStatement,
): Promise<T | null> {
  const [row] = await readRows<T>(db, statement);
  return row ?? null;
}

async function send(db: D1Database): Promise<void> {
  const queue = queues.get(db) ?? [];
  queues.delete(db);
  try {
    const answers =
      queue.length === 1
        ? [await queue[0].statement.all()]
        : await db.batch(queue.map((read) => read.statement));
    queue.forEach((read, index) => read.resolve(answers[index].results));
  } catch (error) {
    for (const read of queue) read.reject(error);
  }
}
