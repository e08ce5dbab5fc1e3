/**
 * Prometheus metrics of a running KME (prom-client, text exposition format 0.0.4 at /metrics):
 * per-pool key levels read from the live run at each scrape, per-SAE key delivered and collected,
 * keys destroyed uncollected, and the API's requests by method and status with their latency.
 * One registry per server, so several servers in one process (tests) do not mix.
 * @module
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { KeyService, KeyServiceEvents } from './key-service.js';

/** The metrics of one KME process. */
export class KmeMetrics {
  readonly registry = new Registry();
  private readonly deliveredBits: Counter<'sae' | 'role'>;
  private readonly deliveredKeys: Counter<'sae' | 'role'>;
  private readonly expiredBits: Counter<'sae'>;
  readonly requests: Counter<'kme' | 'method' | 'code'>;
  readonly latency: Histogram<'method'>;

  constructor(service: () => KeyService | null) {
    const registers = [this.registry];
    // One snapshot per scrape: the first gauge collected takes it, the others reuse it.
    let snapshot: { at: number; pools: ReturnType<KeyService['run']['pools']> } | null = null;
    const pools = (): ReturnType<KeyService['run']['pools']> => {
      const s = service();
      if (!s) return [];
      const at = performance.now();
      if (!snapshot || at - snapshot.at > 50) snapshot = { at, pools: s.poolsNow() };
      return snapshot.pools;
    };
    new Gauge({
      name: 'qkdsim_pool_level_bits',
      help: 'Key held by each link pool now, bits',
      labelNames: ['link'],
      registers,
      collect() {
        for (const p of pools()) this.set({ link: p.link }, p.levelBits);
      },
    });
    new Gauge({
      name: 'qkdsim_pool_capacity_bits',
      help: 'Capacity of each link pool, bits',
      labelNames: ['link'],
      registers,
      collect() {
        for (const p of pools()) this.set({ link: p.link }, p.capacityBits);
      },
    });
    new Gauge({
      name: 'qkdsim_pool_consumed_bits',
      help: 'Key spent from each link pool since the start of the run (demands and applications), bits',
      labelNames: ['link'],
      registers,
      collect() {
        for (const p of pools()) this.set({ link: p.link }, p.consumedBits);
      },
    });
    new Gauge({
      name: 'qkdsim_sim_time_seconds',
      help: 'Simulated time, seconds after the scenario start',
      registers,
      collect() {
        const s = service();
        if (s) this.set(s.run.nowMs / 1000);
      },
    });
    new Gauge({
      name: 'qkdsim_kme_held_keys',
      help: 'Keys handed to master SAEs and not yet collected by their slave SAEs',
      registers,
      collect() {
        this.set(service()?.store.size ?? 0);
      },
    });
    this.deliveredBits = new Counter({ name: 'qkdsim_kme_key_bits_total', help: 'Key handed to each SAE, bits (role master: Get key; slave: Get key with key IDs)', labelNames: ['sae', 'role'], registers });
    this.deliveredKeys = new Counter({ name: 'qkdsim_kme_keys_total', help: 'Keys handed to each SAE (role master: Get key; slave: Get key with key IDs)', labelNames: ['sae', 'role'], registers });
    this.expiredBits = new Counter({ name: 'qkdsim_kme_expired_bits_total', help: 'Key destroyed before its slave SAE collected it, bits', labelNames: ['sae'], registers });
    this.requests = new Counter({ name: 'qkdsim_kme_requests_total', help: 'API requests by KME, method and HTTP status', labelNames: ['kme', 'method', 'code'], registers });
    this.latency = new Histogram({
      name: 'qkdsim_kme_request_duration_seconds',
      help: 'API request handling time, seconds',
      labelNames: ['method'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers,
    });
  }

  /** Hooks for the key service. */
  events(): KeyServiceEvents {
    return {
      delivered: (master, _slave, keys, bits) => {
        this.deliveredBits.inc({ sae: master, role: 'master' }, bits);
        this.deliveredKeys.inc({ sae: master, role: 'master' }, keys);
      },
      collected: (_master, slave, keys, bits) => {
        this.deliveredBits.inc({ sae: slave, role: 'slave' }, bits);
        this.deliveredKeys.inc({ sae: slave, role: 'slave' }, keys);
      },
      expired: (_master, slave, bits) => this.expiredBits.inc({ sae: slave }, bits),
    };
  }
}
