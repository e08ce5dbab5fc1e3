/**
 * Starts KMEs for a test on free loopback ports, with certificates made for the scenario's SAEs in
 * a fresh temporary folder, and gives SAE clients; `stop` closes everything and removes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile, type ScenarioWithSaes } from '../../sim/scenario/index.js';
import { makeCertificates, readServerCerts, writeCertificates } from '../../web/kme/certs.js';
import { startKme, type RunningKme } from '../../web/kme/server.js';
import { fixturePath } from '../helpers.js';
import { SaeClient } from './client.js';

export interface TestKme {
  readonly kme: RunningKme;
  readonly scenario: ScenarioWithSaes;
  readonly certDir: string;
  /** Base URL of the KME serving an SAE. */
  urlOf(sae: string): string;
  /** A client presenting `sae`'s certificate (null: no certificate). */
  client(sae: string | null, options?: { certDir?: string; maxSockets?: number }): SaeClient;
  stop(): Promise<void>;
}

/** The KME chain fixture (alice - relay - bob, an SAE at each). */
export const CHAIN = fixturePath('scenarios', 'kme-chain.yaml');

export async function startTestKme(options: { scenario?: ScenarioWithSaes; speed?: number; fromMs?: number; keyLifetimeMs?: number; maxPendingPerPair?: number } = {}): Promise<TestKme> {
  const scenario = options.scenario ?? loadScenarioFile(CHAIN);
  const certDir = mkdtempSync(join(tmpdir(), 'qkdsim-kme-test-'));
  writeCertificates(certDir, await makeCertificates(scenario.saes.map((s) => s.id)));
  const errors: unknown[] = [];
  const kme = await startKme({
    scenario,
    certs: readServerCerts(certDir),
    speed: options.speed ?? 1,
    fromMs: options.fromMs ?? 0,
    keyLifetimeMs: options.keyLifetimeMs ?? 3_600_000,
    port: 0,
    monitorPort: 0,
    ...(options.maxPendingPerPair ? { maxPendingPerPair: options.maxPendingPerPair } : {}),
    onError: (e) => errors.push(e),
  });
  const clients: SaeClient[] = [];
  return {
    kme,
    scenario,
    certDir,
    urlOf(sae) {
      const node = scenario.saes.find((s) => s.id === sae)!.node;
      return kme.kmes.find((k) => k.node === node)!.url;
    },
    client(sae, o = {}) {
      const c = new SaeClient(certDir, sae, o);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await kme.close();
      rmSync(certDir, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`unexpected KME errors: ${errors.map(String).join('; ')}`);
    },
  };
}
