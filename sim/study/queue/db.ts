/**
 * One connection to a study queue: a node-postgres pool shared by qkdsim's own statements and by
 * pg-boss (given the pool through its `db` adapter, so a result row and the job's completion can
 * share one transaction), the migrations applied at start, the two pg-boss queues created, and
 * every statement retried across a lost connection (retry.ts). Messages are redacted (no password).
 *
 * Queues: `qkdsim-case` holds one job per case ({study, fileHash, caseIndex, taskSha256}); a job
 * that fails its last retry moves (pg-boss's dead-letter option) to `qkdsim-case-dead`, whose jobs
 * workers turn into failed result rows, so a study always completes.
 * @module
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import { InputError } from '../../errors.js';
import { clientConfig, describeDbError, type QueueTarget } from './connection.js';
import { backoffMs, isTransientError, sleep, withReconnect, type ReconnectOptions } from './retry.js';
import { migrate, SchemaTooNewError, type SqlRunner } from './schema.js';

/** The pg-boss queue of cases, and where cases go after their last retry. */
export const CASE_QUEUE = 'qkdsim-case';
export const DEAD_QUEUE = 'qkdsim-case-dead';
/** NOTIFY channels: new jobs for workers, finished cases for followers. */
export const CASES_CHANNEL = 'qkdsim_cases';
export const PROGRESS_CHANNEL = 'qkdsim_progress';
/** pg-boss's schema. */
export const BOSS_SCHEMA = 'pgboss';
/** How long a queued case may wait to be started before pg-boss archives it, minutes (a year). */
const RETENTION_MINUTES = 365 * 24 * 60;

/** Options of {@link QueueDb.open}. */
export interface QueueDbOptions {
  readonly target: QueueTarget;
  /** `qkdsim-worker`, `qkdsim-study`...: shown in pg_stat_activity. */
  readonly applicationName: string;
  /** Names this process in back-off spreads and logs. */
  readonly who: string;
  /** Pool size (default 4). */
  readonly poolSize?: number;
  /** Start pg-boss (queue operations, and its maintenance: expiry, retries, archiving). Default true. */
  readonly boss?: boolean;
  /** Apply migrations (default true; the dashboard only reads). */
  readonly migrate?: boolean;
  /** Seconds between pg-boss maintenance runs (expiring jobs of lost workers). Default 2. */
  readonly maintenanceIntervalS?: number;
  /** Failed connection attempts before open() gives up (default 8, about 15 s; Infinity: wait). */
  readonly connectAttempts?: number;
  /** Where outage and error lines go (already redacted). */
  readonly log?: (line: string) => void;
}

/** A transaction's client, and the same as a pg-boss `db` adapter. */
export interface Tx extends SqlRunner {
  /** For pg-boss calls that must join this transaction: `boss.complete(q, id, null, { db: tx.boss })`. */
  readonly boss: { executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
}

/** pg-boss's job commands as they behave: they resolve to counts (its types say void). */
export interface BossCalls {
  complete(queue: string, id: string, data: object, options: { db: Tx['boss'] }): Promise<{ affected: number }>;
  fail(queue: string, id: string, data: object, options: { db: Tx['boss'] }): Promise<{ affected: number }>;
  cancel(queue: string, id: string | string[], options: { db: Tx['boss'] }): Promise<{ affected: number }>;
}

/** A pool, pg-boss, reconnection and redaction for one `--queue` target. */
export class QueueDb {
  readonly pool: pg.Pool;
  private bossInstance: PgBoss | null = null;
  private lastLine = '';
  private down = false;
  private closed = false;

  private constructor(readonly options: QueueDbOptions) {
    this.pool = new pg.Pool({
      ...clientConfig(options.target),
      max: options.poolSize ?? 4,
      application_name: options.applicationName,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      idleTimeoutMillis: 30_000,
    });
    // An idle connection dropped by a restarting server: the next query reconnects.
    this.pool.on('error', (error) => this.noteError('idle connection', error));
  }

  /** Connects (retrying while the server is unreachable), migrates, starts pg-boss, creates the queues. */
  static async open(options: QueueDbOptions): Promise<QueueDb> {
    const db = new QueueDb(options);
    const fail = async (error: unknown): Promise<never> => {
      await db.close();
      throw error;
    };
    try {
      await withReconnect('connect', () => db.pool.query('SELECT 1'), { ...db.reconnect(), maxAttempts: options.connectAttempts ?? 8 });
    } catch (error) {
      // Unreachable, refused (password, database, SSL): the --queue value is at fault.
      const reason = db.describe(error);
      return fail(new InputError({ file: '--queue', message: isTransientError(error) ? `cannot reach PostgreSQL at ${options.target.shown}: ${reason}` : `PostgreSQL at ${options.target.shown} refused the connection: ${reason}` }));
    }
    try {
      if (options.migrate !== false) await db.transaction('migrate', (tx) => migrate(tx));
      if (options.boss !== false) await db.startBoss();
    } catch (error) {
      if (error instanceof SchemaTooNewError) return fail(new InputError({ file: '--queue', message: `${options.target.shown}: ${error.message}` }));
      return fail(new Error(`PostgreSQL at ${options.target.shown}: ${db.describe(error)}`));
    }
    return db;
  }

  /** The pg-boss instance (open() with boss: true). */
  get boss(): PgBoss {
    if (!this.bossInstance) throw new Error('pg-boss is not started on this connection');
    return this.bossInstance;
  }

  /** The job commands of pg-boss, typed as they behave. */
  get calls(): BossCalls {
    return this.boss as unknown as BossCalls;
  }

  private async startBoss(): Promise<void> {
    const adapter = { executeSql: (text: string, values?: unknown[]) => this.pool.query(text, values) };
    const boss = new PgBoss({
      db: adapter,
      schema: BOSS_SCHEMA,
      migrate: true,
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: this.options.maintenanceIntervalS ?? 2,
    } as PgBoss.ConstructorOptions);
    // Maintenance fails while the server is away; it runs again on its own interval.
    boss.on('error', (error) => this.noteError('queue maintenance', error));
    this.bossInstance = boss;
    await withReconnect('start pg-boss', () => boss.start(), this.reconnect());
    // The dead-letter queue first: the case queue's foreign key names it.
    await withReconnect('create queues', async () => {
      await boss.createQueue(DEAD_QUEUE, { name: DEAD_QUEUE, policy: 'standard', retentionMinutes: RETENTION_MINUTES });
      await boss.createQueue(CASE_QUEUE, { name: CASE_QUEUE, policy: 'standard', retentionMinutes: RETENTION_MINUTES, deadLetter: DEAD_QUEUE });
    }, this.reconnect());
  }

  /** Reconnect options for withReconnect, reporting outages once each through the log. */
  reconnect(signal?: AbortSignal): ReconnectOptions {
    return {
      who: this.options.who,
      ...(signal ? { signal } : {}),
      onOutage: (e) => {
        if (e.state === 'lost') this.noteError(e.what, e.error);
        else this.noteUp(`${e.what} succeeded after ${e.attempts} retr${e.attempts === 1 ? 'y' : 'ies'}`);
      },
    };
  }

  /** One redacted line for an error. */
  describe(error: unknown): string {
    return describeDbError(error, this.options.target);
  }

  /** Logs a line, dropping immediate repeats. */
  note(line: string): void {
    if (line === this.lastLine) return;
    this.lastLine = line;
    this.options.log?.(line);
  }

  /**
   * Reports a failed step: a lost connection once per outage (every loop of the process sees the
   * same outage), any other error each time.
   */
  noteError(what: string, error: unknown): void {
    // After close(), connections still closing may see the server go: nothing to report.
    if (this.closed) return;
    if (!isTransientError(error)) return this.note(`${what}: ${this.describe(error)}`);
    if (this.down) return;
    this.down = true;
    this.note(`database unreachable (${what}: ${this.describe(error)}); retrying with back-off`);
  }

  /** A step reached the database: ends an outage report. */
  noteUp(what: string): void {
    if (!this.down) return;
    this.down = false;
    this.note(`database reachable again (${what})`);
  }

  /** A statement on the pool, retried across lost connections. */
  query(text: string, values?: readonly unknown[], signal?: AbortSignal): Promise<pg.QueryResult> {
    return withReconnect('query', () => this.pool.query(text, values as unknown[]), this.reconnect(signal));
  }

  /** A statement retried a few times only (about 1.5 s): for shutdown steps that must not hang. */
  tryQuery(text: string, values?: readonly unknown[], attempts = 4): Promise<pg.QueryResult> {
    return withReconnect('query', () => this.pool.query(text, values as unknown[]), { who: this.options.who, maxAttempts: attempts });
  }

  /**
   * Runs `body` in a transaction, retrying the whole transaction across lost connections. A retry
   * may follow a COMMIT whose answer was lost, so bodies must see their own earlier success and
   * do nothing (they check the job's state and existing rows first).
   */
  transaction<T>(what: string, body: (tx: Tx) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withReconnect(
      what,
      async () => {
        const client = await this.pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          const tx: Tx = {
            query: (text, values) => client.query(text, values as unknown[]) as Promise<pg.QueryResult<Record<string, unknown>>>,
            boss: { executeSql: (text, values) => client.query(text, values) },
          };
          const result = await body(tx);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          broken = isTransientError(error);
          if (!broken) await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release(broken);
        }
      },
      this.reconnect(signal),
    );
  }

  /** Stops pg-boss and closes the pool. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.bossInstance) await this.bossInstance.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
    this.bossInstance = null;
    await this.pool.end().catch(() => undefined);
  }
}

/**
 * A LISTEN connection that wakes waiters when a channel is notified, reconnecting with back-off
 * when the server goes away (waiters then fall back on their poll interval).
 */
export class Listener {
  private client: pg.Client | null = null;
  private waiters = new Set<() => void>();
  private closed = false;
  private attempt = 0;

  constructor(
    private readonly db: QueueDb,
    private readonly channel: string,
  ) {}

  /** Starts listening (in the background: failures reconnect). */
  start(): this {
    void this.connect();
    return this;
  }

  private async connect(): Promise<void> {
    while (!this.closed) {
      const client = new pg.Client({ ...clientConfig(this.db.options.target), application_name: `${this.db.options.applicationName}-listen`, keepAlive: true });
      let lost = false;
      const onLost = (): void => {
        if (lost) return;
        lost = true;
        this.client = null;
        client.end().catch(() => undefined);
        this.wake();
        if (!this.closed) setTimeout(() => void this.connect(), 200);
      };
      client.on('error', onLost);
      client.on('end', onLost);
      client.on('notification', () => this.wake());
      try {
        await client.connect();
        await client.query(`LISTEN ${this.channel}`);
        this.client = client;
        this.attempt = 0;
        if (this.closed) await client.end();
        return;
      } catch {
        client.removeListener('end', onLost);
        client.removeListener('error', onLost);
        await client.end().catch(() => undefined);
        await sleep(backoffMs(this.attempt++, this.db.options.who));
      }
    }
  }

  private wake(): void {
    const list = [...this.waiters];
    this.waiters.clear();
    for (const w of list) w();
  }

  /** Resolves at the next notification, after `ms`, or when the signal aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
