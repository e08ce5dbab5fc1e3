/// <reference lib="dom" />
// (The page functions below run in the browser: they are typed with the DOM library.)
/**
 * Issue 17, the map: night shaded (the terminator moves with the clock, and it is night over
 * Xinglong during a keyed pass), each downlink station's key-mask footprint, follow-the-satellite,
 * and the dense integrated-2021 network: links drawn above small relay markers, labels that never
 * overlap with Beijing and Shanghai kept, relays labelled on hover, and a hovered demand's path
 * coloured and zoomed to. Keyboard: arrows walk the nodes, Enter shows one in the details pane.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertNoErrors, boxes, browserSession, openDashboard, overlap, runScenario } from './browser-helpers.js';

const test = suite('the map: night, footprints, dense networks (chromium)');
const s = browserSession(test, { viewport: { width: 1440, height: 1000 } });

/** Whether a screen point is inside a filled path (the browser's own geometry test). */
const insidePath = (selector: string, px: number, py: number) =>
  s.page.$eval(selector, (el, [x, y]) => (el as SVGGeometryElement).isPointInFill(new DOMPoint(x, y)), [px, py] as const);
/** Xinglong's marker position in the map's world (unzoomed projection) coordinates. */
const xinglongWorld = () => s.page.$eval('.node.station[data-id=xinglong]', (g) => {
  const world = document.querySelector('.map-svg .world') as SVGGElement;
  const ctm = world.getCTM()!.inverse();
  const m = (g as SVGGElement).getCTM()!;
  return [ctm.a * m.e + ctm.c * m.f + ctm.e, ctm.b * m.e + ctm.d * m.f + ctm.f] as [number, number];
});

test('micius: night covers Xinglong during its keyed pass and not at local noon; the key mask circles the station', async () => {
  await openDashboard(s);
  await runScenario(s, 'micius-2017-xinglong');
  await s.page.waitForSelector('.night-shade.night');
  assert.is(await s.page.locator('.night-shade.key-night').count(), 1, 'the darker cap where the Sun is low enough for key');
  const [x, y] = await xinglongWorld();
  assert.ok(await insidePath('.night-shade.night', x, y), 'night over Xinglong at the keyed pass the page opens on');
  assert.ok(await insidePath('.night-shade.key-night', x, y), 'and dark enough for key');
  const night0 = await s.page.getAttribute('.night-shade.night', 'd');
  // 04:00 UTC is noon at Xinglong (117.6 deg E): day there.
  await s.page.fill('.time-slider', String(4 * 3600));
  // The Sun's positions come with the ground track, fetched again around the new time.
  await s.page.waitForFunction((d) => { const now = document.querySelector('.night-shade.night')?.getAttribute('d'); return now && now !== d; }, night0);
  assert.ok(!(await insidePath('.night-shade.night', x, y)), 'day over Xinglong at local noon');
  // The key-mask footprint: a circle round Xinglong, radius 9.3 deg of arc (19.5 deg mask, ~500 km).
  const fp = await s.page.$eval('.key-footprint[data-station=xinglong]', (p) => { const b = (p as SVGGraphicsElement).getBBox(); return { w: b.width, h: b.height, cx: b.x + b.width / 2, cy: b.y + b.height / 2 }; });
  const degPx = (await s.page.$eval('.map-svg', (svg) => Number(svg.getAttribute('width')))) / 360;
  const run = await (await fetch(`${s.server!.url}api/runs/${await s.page.getAttribute('body', 'data-run')}`)).json() as { network: { links: { kind: string; keyFootprintDeg: number }[] } };
  const radius = run.network.links.find((l) => l.kind === 'downlink')!.keyFootprintDeg;
  assert.ok(radius > 9 && radius < 10.5, `key footprint ${radius} deg (19.5 deg mask, 490-540 km)`);
  // On the equirectangular map a small circle spans 2 x its radius in latitude.
  assert.ok(Math.abs(fp.h / degPx / 2 - radius) < 0.05, `footprint radius ${(fp.h / degPx / 2).toFixed(3)} deg of latitude vs ${radius}`);
  assert.ok(Math.abs(fp.cx - x) < 2 && Math.abs(fp.cy - y) < 2, 'centred on the station');
});

test('follow the satellite keeps it in the middle of the map as the clock moves', async () => {
  await s.page.check('#follow');
  for (const hours of [30, 31]) {
    await s.page.fill('.time-slider', String(hours * 3600));
    await s.page.waitForTimeout(700);
    const sat = (await boxes(s, '.satellite[data-id=micius] .body'))[0]!;
    const map = (await boxes(s, '.map-svg'))[0]!;
    assert.ok(Math.abs(sat.x + sat.width / 2 - (map.x + map.width / 2)) < 6 && Math.abs(sat.y + sat.height / 2 - (map.y + map.height / 2)) < 6, `satellite at the centre after ${hours} h`);
  }
  await s.page.uncheck('#follow');
  await s.page.click('#map-reset');
});

test('integrated-2021: links above small relay markers, labels that do not overlap, cities kept', async () => {
  await runScenario(s, 'integrated-2021', '2');
  await s.page.locator('.map-svg').scrollIntoViewIfNeeded();
  await s.page.waitForTimeout(600);
  // Drawing order: relay markers, then links, then the other nodes.
  const order = await s.page.$$eval('.map-svg .overlay > g', (g) => g.map((x) => x.getAttribute('class')));
  assert.ok(order.indexOf('relays') < order.indexOf('links') && order.indexOf('links') < order.indexOf('relay-hits') && order.indexOf('links') < order.indexOf('nodes'), order.join());
  assert.ok((await s.page.locator('.relays .node.relay').count()) >= 30);
  const relay = (await boxes(s, '.node.relay[data-id=relay-15] .marker'))[0]!;
  const station = (await boxes(s, '.node.station .marker'))[0]!;
  assert.ok(relay.width < station.width * 0.6, `relay marker ${relay.width} px vs station ${station.width} px`);
  // Labels: none overlaps another; the backbone cities are labelled.
  const labels = await boxes(s, '.map-svg .labels text.label');
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) assert.ok(!overlap(labels[i]!, labels[j]!), `labels ${JSON.stringify(labels[i])} and ${JSON.stringify(labels[j])} overlap`);
  const ids = labels.map((l) => l.id);
  for (const city of ['beijing', 'shanghai', 'hefei', 'jinan']) assert.ok(ids.includes(city), `${city} labelled (${ids.join()})`);
  assert.not.ok(ids.includes('relay-15'), 'a numbered relay in the crowd has no label...');
  const relayLabels = ids.filter((id) => id?.startsWith('relay-')).length;
  // ... until the map is zoomed in (ctrl + wheel over it) or it is hovered.
  const r15 = (await boxes(s, '.relay-hit[data-id=relay-15]'))[0]!;
  await s.page.mouse.move(r15.x + r15.width / 2, r15.y + r15.height / 2);
  await s.page.keyboard.down('Control');
  await s.page.mouse.wheel(0, -100);
  await s.page.keyboard.up('Control');
  await s.page.waitForTimeout(400);
  const zoomedIds = (await boxes(s, '.map-svg .labels text.label')).map((l) => l.id);
  assert.ok(zoomedIds.filter((id) => id?.startsWith('relay-')).length > relayLabels, `more relays labelled when zoomed in 4 times (${relayLabels} before): ${zoomedIds}`);
  // A hovered relay is labelled whatever the crowd (here one that had no room even zoomed in).
  const unlabelled = await s.page.$$eval('.relay-hit', (c) => c.map((x) => x.getAttribute('data-id')));
  const target = unlabelled.find((id) => !zoomedIds.includes(id) && id !== null)!;
  await s.page.hover(`.relay-hit[data-id=${target}]`, { force: true });
  await s.page.waitForSelector(`.labels text.label[data-id=${target}]`);
  const hovered = await boxes(s, '.map-svg .labels text.label');
  for (let i = 0; i < hovered.length; i++) for (let j = i + 1; j < hovered.length; j++) assert.ok(!overlap(hovered[i]!, hovered[j]!), `labels ${hovered[i]!.id} and ${hovered[j]!.id} overlap on hover`);
  await s.page.click('#map-reset');
  await s.page.waitForTimeout(700);
});

test('hovering the bank-bj-sh demand colours its 35-link path and zooms the map to it', async () => {
  await s.page.mouse.move(0, 0);
  await s.page.click('#map-reset');
  await s.page.waitForTimeout(700);
  const before = await s.page.getAttribute('.map-svg .world', 'transform');
  await s.page.locator('.demand-table tbody tr[data-id=bank-bj-sh]').scrollIntoViewIfNeeded();
  await s.page.hover('.demand-table tbody tr[data-id=bank-bj-sh]');
  await s.page.waitForTimeout(900);
  const lit = await s.page.$$eval('.link.highlight', (g) => g.map((x) => x.getAttribute('data-id')));
  const report = await (await fetch(`${s.server!.url}api/runs/${await s.page.getAttribute('body', 'data-run')}/report`)).json() as { demands: { id: string; paths: { links: string[] }[] }[] };
  const path = new Set(report.demands.find((d) => d.id === 'bank-bj-sh')!.paths.flatMap((p) => p.links));
  assert.ok(path.size >= 30, `${path.size} links on the path`);
  assert.equal(lit.sort(), [...path].sort());
  assert.is(await s.page.locator('.link.dim').count(), await s.page.locator('.link').count() - path.size);
  const stroke = await s.page.$eval('.link.highlight .casing', (l) => getComputedStyle(l).stroke);
  assert.is(stroke, 'rgb(213, 94, 0)', 'the path in vermillion');
  assert.is.not(await s.page.getAttribute('.map-svg .world', 'transform'), before, 'zoomed to the path');
  // Every link of the path is inside the map.
  const map = (await boxes(s, '.map-svg'))[0]!;
  for (const b of await boxes(s, '.link.highlight .level')) assert.ok(b.x >= map.x - 1 && b.x + b.width <= map.x + map.width + 1, 'path inside the view');
  await s.page.mouse.move(0, 0);
  await s.page.waitForTimeout(600);
  assert.is(await s.page.locator('.link.highlight').count(), 0);
});

test('keyboard: Tab to the map, arrows walk the nodes, Enter shows one in the details pane', async () => {
  await s.page.locator('.map-svg').focus();
  await s.page.keyboard.press('ArrowRight');
  await s.page.keyboard.press('ArrowRight');
  const focused = await s.page.getAttribute('.map-svg', 'aria-activedescendant');
  assert.match(focused ?? '', /^map-node-/);
  assert.is(await s.page.locator('.node.focused').count(), 1);
  await s.page.keyboard.press('Enter');
  await s.page.waitForSelector('#details[data-kind=node]');
  assert.is(`map-node-${await s.page.getAttribute('#details', 'data-id')}`, focused);
  assert.match((await s.page.textContent('#details')) ?? '', /link/);
  await assertNoErrors(s);
});

test.run();
