/**
 * `qkdsim kme FILE`: runs a scenario on the wall clock and serves the network's key to
 * applications through one ETSI GS QKD 014 KME per node that has SAEs (server.ts);
 * `qkdsim kme FILE --make-certs DIR` writes the CA, the KME server certificate and one client
 * certificate per SAE of the scenario, and exits.
 *
 * Registered by the program's composition root (web/program.ts); the certificate and server modules
 * (@peculiar/x509, express, prom-client) are loaded only when the command runs, so every other
 * command starts as fast as before.
 * @module
 */
import type { Command } from 'commander';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../../sim/errors.js';
import type { CliIo } from '../../sim/cli/io.js';
import { FlagIssues, boundOf } from '../../sim/cli/options.js';
import { CLI_RUN_LIMITS, checkRunSize } from '../../sim/scenario/estimate.js';
import { loadScenarioFile, parseScenarioTime, type ScenarioWithSaes } from '../../sim/scenario/index.js';
import type { ServerCerts } from './certs.js';
import type { RunningKme } from './server.js';

interface KmeFlags {
  speed: string;
  port: string;
  monitorPort: string;
  monitorHost: string;
  host: string;
  certs?: string;
  makeCerts?: string;
  from?: string;
  keyLifetime: string;
  seed?: string;
  days?: string;
}

/** Default KME-side lifetime of keys not collected by their slave SAE, simulated seconds. */
export const DEFAULT_KEY_LIFETIME_S = 3600;

/** `--from`: an ISO time within the span, or seconds after its start; ms after the start. */
function parseFrom(raw: string, scenario: ScenarioWithSaes, flags: FlagIssues): number {
  const seconds = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : null;
  const tMs = seconds !== null ? Math.round(seconds * 1000) : parseScenarioTime(raw) - scenario.startUtcMs;
  if (!Number.isFinite(tMs) || tMs < 0 || tMs > scenario.durationMs) {
    flags.add({
      file: '--from',
      message: `expected a time within the scenario (${new Date(scenario.startUtcMs).toISOString()} to ${new Date(scenario.startUtcMs + scenario.durationMs).toISOString()}), as ISO 8601 UTC or seconds after the start, got ${JSON.stringify(raw)}`,
    });
    return 0;
  }
  return tMs;
}

/** Registers `qkdsim kme`. */
export function registerKme(program: Command, io: CliIo): void {
  program
    .command('kme')
    .description('ETSI GS QKD 014 key managers (KMEs) serving a live run')
    .argument('<file>', 'scenario file with `saes`')
    .option('--speed <x>', 'simulated seconds per wall second', '1')
    .option('--port <n>', 'port of the first KME; the others take the next ports (0: free ports)', '8443')
    .option('--monitor-port <n>', 'port of /metrics and the live view (plain HTTP; 0: a free port)', '8091')
    .option('--host <addr>', 'address the KMEs listen on', '127.0.0.1')
    .option('--monitor-host <addr>', 'address /metrics and the live view listen on (no authentication there)', '127.0.0.1')
    .option('--certs <dir>', 'certificate folder (from --make-certs; default: new certificates in a temporary folder)')
    .option('--make-certs <dir>', "write a CA, the KME server certificate and each SAE's client certificate to DIR, and exit")
    .option('--from <time>', 'simulated time to start at: ISO 8601 UTC, or seconds after the scenario start')
    .option('--key-lifetime <s>', 'lifetime of keys not collected by their slave SAE when no pool on the route has one, simulated s', String(DEFAULT_KEY_LIFETIME_S))
    .option('--seed <n>', 'override the scenario seed')
    .option('--days <n>', 'override the scenario length, days')
    .action(async (file: string, flags: KmeFlags) => {
      const issues = new FlagIssues();
      const speed = issues.number('--speed', flags.speed, { minExclusive: 0, max: 1e7 })!;
      const port = issues.number('--port', flags.port, { integer: true, min: 0, max: 65535 })!;
      const monitorPort = issues.number('--monitor-port', flags.monitorPort, { integer: true, min: 0, max: 65535 })!;
      const lifetimeS = issues.number('--key-lifetime', flags.keyLifetime, { minExclusive: 0, max: 3660 * 86_400 })!;
      const seed = issues.number('--seed', flags.seed, boundOf('seed', true));
      const days = issues.number('--days', flags.days, boundOf('spanDays'));
      if (flags.makeCerts !== undefined && flags.certs !== undefined) issues.add({ file: '--make-certs', message: 'give --make-certs (write certificates and exit) or --certs (serve with them), not both' });
      issues.throwIfAny();
      const scenario = loadScenarioFile(file, { ...(seed !== undefined ? { seed } : {}), ...(days !== undefined ? { days } : {}) });
      // The same size check as `qkdsim run`: the KME holds the whole run's plan in memory.
      checkRunSize(scenario, CLI_RUN_LIMITS, file);
      if (scenario.saes.length === 0) {
        throw new InputError({ file, path: 'saes', message: 'the scenario declares no SAEs: add `saes: [{ id, node }]` (scenarios/README.md, saes)' });
      }
      const saeIds = scenario.saes.map((s) => s.id);
      const { certPaths, makeCertificates, readServerCerts, writeCertificates } = await import('./certs.js');
      if (flags.makeCerts !== undefined) {
        const dir = resolve(io.cwd, flags.makeCerts);
        const written = writeCertificates(dir, await makeCertificates(saeIds, [flags.host]));
        io.out(`qkdsim: wrote ${written.length} files to ${dir}: ca.crt, kme.crt and kme.key, and saes/<id>.crt and .key for ${saeIds.join(', ')}\n`);
        return;
      }
      const fromMs = flags.from !== undefined ? parseFrom(flags.from, scenario, issues) : 0;
      const kmeCount = new Set(scenario.saes.map((s) => s.node)).size;
      if (port !== 0 && port + kmeCount - 1 > 65535) issues.add({ file: '--port', message: `expected a port with ${kmeCount} consecutive free numbers from it (one per KME), got ${port}` });
      issues.throwIfAny();
      let certDir: string;
      let certs: ServerCerts;
      if (flags.certs !== undefined) {
        certDir = resolve(io.cwd, flags.certs);
        certs = readServerCerts(certDir);
      } else {
        certDir = mkdtempSync(join(tmpdir(), 'qkdsim-kme-certs-'));
        writeCertificates(certDir, await makeCertificates(saeIds, [flags.host]));
        certs = readServerCerts(certDir);
      }
      for (const w of scenario.warnings) io.err(`qkdsim: warning: ${w}\n`);
      io.out(`qkdsim: planning passes and starting ${scenario.name} at ${new Date(scenario.startUtcMs + fromMs).toISOString()}, ${speed} simulated s per s\n`);
      const { startKme } = await import('./server.js');
      const running: RunningKme = await startKme({ scenario, certs, speed, fromMs, keyLifetimeMs: Math.round(lifetimeS * 1000), host: flags.host, port, monitorPort, monitorHost: flags.monitorHost });
      for (const k of running.kmes) io.out(`qkdsim: KME ${k.id} (SAEs ${k.saes.join(', ')}) at ${k.url}\n`);
      io.out(`qkdsim: /metrics and the live view at ${running.monitorUrl}/live.html\n`);
      const p = certPaths(certDir);
      io.out(`qkdsim: certificates in ${certDir} (CA ${p.caCert}; SAE ${saeIds[0]}: ${p.sae(saeIds[0]!).cert} and .key)\n`);
      const stop = (): void => {
        const s = running.service;
        io.out(`qkdsim: stopping at ${new Date(scenario.startUtcMs + s.run.nowMs).toISOString()}\n`);
        for (const e of s.ledger.values()) {
          io.out(`qkdsim:   SAE ${e.id}: ${e.deliveredKeys} keys (${e.deliveredBits} bits) as master, ${e.collectedKeys} keys (${e.collectedBits} bits) as slave, ${e.expiredBits} bits expired uncollected\n`);
        }
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
