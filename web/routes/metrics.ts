/**
 * GET /metrics: Prometheus metrics of the server (prom-client, text exposition format 0.0.4).
 *
 * - `qkdsim_runs_started_total`, `qkdsim_runs_finished_total{status}` (done, failed, cancelled),
 *   `qkdsim_runs_refused_total` (429: as many runs going as allowed);
 * - `qkdsim_runs_active`, `qkdsim_runs_max_concurrent`, `qkdsim_run_workers_warm` (workers loaded
 *   and waiting). Runs beyond the limit are refused, not queued, so there is no queue length here;
 * - for each finished run the server keeps (labels run, scenario, and link or demand):
 *   `qkdsim_run_pool_level_bits` (the pool at the end), `qkdsim_run_pool_capacity_bits`,
 *   `qkdsim_run_key_delivered_bits` (key that entered the pool: passes or fibre generation),
 *   `qkdsim_run_key_consumed_bits`, `qkdsim_run_demand_served_bits`, `qkdsim_run_wall_seconds`;
 * - the process's own default metrics (CPU, memory, event loop lag), prefixed `qkdsim_`.
 *
 * Every value is read from the run manager when scraped, so a run dropped from memory drops out.
 * The registry is the app's own (not prom-client's global one), so several servers in one process
 * (the tests) do not share counters.
 * @module
 */
import express, { type Router } from 'express';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { RunManager } from '../runs.js';

/** A registry with the metrics above, reading `runs` at each scrape. */
export function runMetrics(runs: RunManager): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'qkdsim_' });
  const kept = () => runs.list().filter((r) => r.report !== null);
  new Counter({
    name: 'qkdsim_runs_started_total', help: 'Runs started since the server started.', registers: [registry],
    collect() {
      this.reset();
      this.inc(runs.counts.started);
    },
  });
  new Counter({
    name: 'qkdsim_runs_finished_total', help: 'Runs finished since the server started, by final status.', labelNames: ['status'], registers: [registry],
    collect() {
      this.reset();
      for (const [status, n] of Object.entries(runs.counts.finished)) this.inc({ status }, n);
    },
  });
  new Counter({
    name: 'qkdsim_runs_refused_total', help: 'Run requests refused with 429 because the maximum number of runs was going.', registers: [registry],
    collect() {
      this.reset();
      this.inc(runs.counts.refused);
    },
  });
  const gauge = (name: string, help: string, value: () => number): void => {
    new Gauge({ name, help, registers: [registry], collect() { this.set(value()); } });
  };
  gauge('qkdsim_runs_active', 'Runs going now.', () => runs.active);
  gauge('qkdsim_runs_max_concurrent', 'Runs that may go at once (one more is refused).', () => runs.maxConcurrent);
  gauge('qkdsim_run_workers_warm', 'Run workers loaded and waiting for a run.', () => runs.warmReady);
  const linkGauge = (name: string, help: string, pick: 'finalBits' | 'capacityBits' | 'generatedBits' | 'consumedBits'): void => {
    new Gauge({
      name, help, labelNames: ['run', 'scenario', 'link'], registers: [registry],
      collect() {
        this.reset();
        for (const r of kept()) for (const l of r.report!.links) this.set({ run: r.id, scenario: r.scenario.name, link: l.id }, l[pick]);
      },
    });
  };
  linkGauge('qkdsim_run_pool_level_bits', 'Key in each pool at the end of a kept run, bits.', 'finalBits');
  linkGauge('qkdsim_run_pool_capacity_bits', 'Capacity of each pool of a kept run, bits.', 'capacityBits');
  linkGauge('qkdsim_run_key_delivered_bits', 'Key that entered each pool over a kept run (pass key or fibre generation), bits.', 'generatedBits');
  linkGauge('qkdsim_run_key_consumed_bits', 'Key taken from each pool by demands over a kept run, bits.', 'consumedBits');
  new Gauge({
    name: 'qkdsim_run_demand_served_bits', help: 'Key served to each demand over a kept run, bits.', labelNames: ['run', 'scenario', 'demand'], registers: [registry],
    collect() {
      this.reset();
      for (const r of kept()) for (const d of r.report!.demands) this.set({ run: r.id, scenario: r.scenario.name, demand: d.id }, d.servedBits);
    },
  });
  new Gauge({
    name: 'qkdsim_run_wall_seconds', help: 'Wall-clock time a kept run took, s.', labelNames: ['run', 'scenario'], registers: [registry],
    collect() {
      this.reset();
      for (const r of kept()) if (r.wallS !== null) this.set({ run: r.id, scenario: r.scenario.name }, r.wallS);
    },
  });
  return registry;
}

/** The /metrics route over a registry. */
export function metricsRouter(registry: Registry): Router {
  const router = express.Router();
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return router;
}
