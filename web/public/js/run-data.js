// A run's report in the shapes the views take (times as Unix ms), and the header's summary.
import { escapeHtml, formatBits } from './format.js';

/** Passes, pool series, outages and stations of a report, with the run's network settings. */
export function derive(run, report) {
  const startMs = Date.parse(report.start);
  const endMs = Date.parse(report.end);
  const settings = new Map(run.network.links.map((l) => [l.id, l]));
  const ms = (iso) => (iso ? Date.parse(iso) : null);
  const passes = report.passes.map((p, index) => ({
    ...p,
    index,
    linkId: p.link,
    satelliteId: settings.get(p.link)?.from ?? p.satellite,
    riseMs: ms(p.rise),
    setMs: ms(p.set),
    culminationMs: ms(p.culmination),
    keyStartMs: ms(p.keyWindowStart),
    keyEndMs: ms(p.keyWindowEnd),
  }));
  const series = report.links.map((l) => ({
    id: l.id,
    kind: l.kind,
    from: l.from,
    to: l.to,
    capacityBits: settings.get(l.id)?.capacityBits ?? l.capacityBits,
    warningBits: settings.get(l.id)?.warningBits ?? 0,
    discardedBits: l.discardedBits,
    values: report.poolSeries.tS.map((t, i) => ({ tMs: startMs + t * 1000, bits: report.poolSeries.levels[l.id]?.[i] ?? 0 })),
  }));
  const outages = (report.outages ?? []).map((o) => ({ ...o, startMs: Date.parse(o.start), endMs: Date.parse(o.end) }));
  const stationIds = new Set([...run.network.nodes.filter((n) => n.kind === 'station').map((n) => n.id), ...passes.map((p) => p.station)]);
  const stations = [...stationIds].sort().map((id) => run.network.nodes.find((n) => n.id === id) ?? { id, name: id });
  return { startMs, endMs, passes, series, stations, outages };
}

/** The header's chips: span, seed, passes, key, demands, clouds, outages. */
export function summaryHtml(report) {
  const s = report.summary;
  const items = [
    `${report.start.slice(0, 16).replace('T', ' ')} → ${report.end.slice(0, 16).replace('T', ' ')} UTC`,
    `seed ${report.seed}`,
    `${s.passes} passes, ${s.keyedPasses} with key`,
    `${formatBits(s.passKeyBits)} from passes`,
    `${formatBits(s.generatedBits)} generated, ${formatBits(s.consumedBits)} used`,
    `demands: ${s.demands.served} served, ${s.demands.partial} partial, ${s.demands.failed} failed`,
  ];
  const clouded = (report.nights ?? []).filter((n) => n.clear === false).length;
  if (clouded > 0) items.push(`${clouded} clouded station-nights`);
  if ((report.outages ?? []).length > 0) items.push(`${report.outages.length} link outages`);
  return items.map((t) => `<li>${escapeHtml(t)}</li>`).join('');
}
