/**
 * The results database: tables in schema `qkdsim` (the job queue itself is pg-boss's, in schema
 * `pgboss`), created and upgraded by numbered migrations applied at start under an advisory lock,
 * each recorded in `qkdsim.schema_version`. A database newer than this code is refused rather than
 * guessed at. README.md ("Many machines") documents the tables for people writing SQL.
 *
 * Row JSON (`results.row`, `cases.doc`, `cases.point`, `studies.definition`) is stored as `json`,
 * which keeps the text as written, not `jsonb`, which reorders keys: the result files list metric
 * keys in order of first appearance, so that order must come back exactly for them to be
 * byte-identical to the local runner's. Typed and `jsonb` columns beside them serve queries.
 * @module
 */

/** One migration: applied once, in order. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Every migration, oldest first. Never edit a released one: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'studies, cases, results, failures, workers; metric_values view',
    sql: `
CREATE TABLE qkdsim.studies (
  name         text PRIMARY KEY,
  file_hash    text NOT NULL,
  description  text NOT NULL,
  seed         bigint NOT NULL,
  replications integer NOT NULL,
  total_cases  integer NOT NULL,
  definition   json NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE qkdsim.cases (
  study        text NOT NULL REFERENCES qkdsim.studies (name) ON DELETE CASCADE,
  case_index   integer NOT NULL,
  case_id      text NOT NULL,
  point        json NOT NULL,
  seeds        json NOT NULL,
  doc          json NOT NULL,
  task_sha256  text NOT NULL,
  job_id       uuid NOT NULL,
  state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
  enqueued_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at  timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  worker       text,
  PRIMARY KEY (study, case_index)
);
CREATE INDEX cases_state ON qkdsim.cases (study, state);
CREATE TABLE qkdsim.results (
  study        text NOT NULL,
  case_index   integer NOT NULL,
  replication  integer NOT NULL,
  case_id      text NOT NULL,
  seed         bigint NOT NULL,
  status       text NOT NULL CHECK (status IN ('ok', 'failed')),
  error        text,
  case_wall_ms double precision NOT NULL,
  point        jsonb NOT NULL,
  metrics      jsonb,
  row          json NOT NULL,
  worker       text NOT NULL,
  attempt      integer NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (study, case_index, replication),
  FOREIGN KEY (study, case_index) REFERENCES qkdsim.cases (study, case_index) ON DELETE CASCADE
);
CREATE TABLE qkdsim.failures (
  study        text NOT NULL,
  case_index   integer NOT NULL,
  attempt      integer NOT NULL,
  worker       text,
  error        text NOT NULL,
  final        boolean NOT NULL DEFAULT false,
  failed_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (study, case_index, attempt),
  FOREIGN KEY (study, case_index) REFERENCES qkdsim.cases (study, case_index) ON DELETE CASCADE
);
CREATE TABLE qkdsim.workers (
  id           text PRIMARY KEY,
  host         text NOT NULL,
  pid          integer NOT NULL,
  concurrency  integer NOT NULL,
  heartbeat_s  double precision NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  last_seen    timestamptz NOT NULL DEFAULT clock_timestamp(),
  stopped_at   timestamptz,
  cases_done   integer NOT NULL DEFAULT 0
);
-- One row per metric value of every successful run: what planners aggregate.
CREATE VIEW qkdsim.metric_values AS
  SELECT r.study, r.case_id, r.case_index, r.replication, r.seed, r.point,
         m.key AS metric, k.key AS key, (k.value #>> '{}')::double precision AS value
  FROM qkdsim.results r
  CROSS JOIN LATERAL jsonb_each(r.metrics) m
  CROSS JOIN LATERAL jsonb_each(m.value) k
  WHERE r.status = 'ok' AND jsonb_typeof(k.value) = 'number';
`,
  },
];

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Runs SQL on one connection (a client inside a transaction). */
export interface SqlRunner {
  query(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/** Thrown when the database was migrated by a newer qkdsim. */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(`the database's qkdsim schema is version ${found}, newer than this qkdsim knows (${SCHEMA_VERSION}): upgrade qkdsim here`);
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Brings schema `qkdsim` up to {@link SCHEMA_VERSION}. Call inside a transaction: the advisory lock
 * makes concurrent starts (many workers at once) apply each migration exactly once.
 * @returns the versions applied now (empty when up to date)
 */
export async function migrate(tx: SqlRunner): Promise<number[]> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('qkdsim.schema'))`);
  await tx.query('CREATE SCHEMA IF NOT EXISTS qkdsim');
  await tx.query(`CREATE TABLE IF NOT EXISTS qkdsim.schema_version (
    version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  const { rows } = await tx.query('SELECT coalesce(max(version), 0) AS v FROM qkdsim.schema_version');
  const current = Number(rows[0]!.v);
  if (current > SCHEMA_VERSION) throw new SchemaTooNewError(current);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await tx.query(m.sql);
    await tx.query('INSERT INTO qkdsim.schema_version (version, description) VALUES ($1, $2)', [m.version, m.description]);
    applied.push(m.version);
  }
  return applied;
}

/** The schema version of a database, 0 when qkdsim never ran there (read-only: for the dashboard). */
export async function schemaVersion(db: SqlRunner): Promise<number> {
  const { rows } = await db.query(`SELECT to_regclass('qkdsim.schema_version') AS t`);
  if (rows[0]!.t === null) return 0;
  const v = await db.query('SELECT coalesce(max(version), 0) AS v FROM qkdsim.schema_version');
  return Number(v.rows[0]!.v);
}
