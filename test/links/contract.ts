/**
 * The contract every LinkModel passes (Hono's common.case.test.ts idea): rates finite and >= 0,
 * zero below the key mask, non-increasing as loss grows, and exactly zero (not negative, not NaN)
 * beyond the maximum distance. contract.test.ts runs it for every preset and estimator.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { LinkModel, LinkPoint, LinkRates } from '../../sim/links/link-model.js';

/** Points in order of increasing loss for a model of this type. */
function pointsByIncreasingLoss(model: LinkModel): LinkPoint[][] {
  const reach = Math.min(model.maxDistanceKm(), 1e5);
  if (model.kind === 'fiber') {
    return [Array.from({ length: 61 }, (_, i) => ({ distanceKm: (i * 1.5 * reach) / 60 }))];
  }
  const mask = model.keyMaskDeg;
  return [
    // Zenith, range growing.
    Array.from({ length: 61 }, (_, i) => ({ distanceKm: 300 + (i * 1.5 * reach) / 60, elevationDeg: 90 })),
    // Fixed range, elevation falling towards the mask (more air mass).
    Array.from({ length: 41 }, (_, i) => ({ distanceKm: 1000, elevationDeg: 90 - (i * (90 - mask)) / 40 })),
  ];
}

function checkFinite(r: LinkRates, where: string): void {
  for (const [name, value] of Object.entries(r)) {
    assert.ok(Number.isFinite(value) && value >= 0, `${where}: ${name} = ${value}`);
  }
}

/** Runs the contract against one model; `label` names the suite. */
export function linkContract(label: string, model: LinkModel): void {
  const test = suite(`LinkModel contract: ${label}`);
  const describe = (p: LinkPoint) => `${p.distanceKm.toFixed(1)} km${p.elevationDeg === undefined ? '' : ` at ${p.elevationDeg.toFixed(1)} deg`}`;

  test('every rate is finite and >= 0', () => {
    for (const series of pointsByIncreasingLoss(model)) for (const p of series) checkFinite(model.rates(p), describe(p));
  });
  test('sifted and secret rates never increase as the loss grows', () => {
    for (const series of pointsByIncreasingLoss(model)) {
      let previous: LinkRates | undefined;
      for (const p of series) {
        const r = model.rates(p);
        if (previous) {
          assert.ok(r.lossDb >= previous.lossDb - 1e-9, `loss ordering at ${describe(p)}`);
          assert.ok(r.secretKeyRateBps <= previous.secretKeyRateBps * (1 + 1e-12), `key at ${describe(p)}`);
          assert.ok(r.siftedRateBps <= previous.siftedRateBps * (1 + 1e-12), `sifted at ${describe(p)}`);
        }
        previous = r;
      }
    }
  });
  test('the key is exactly 0 beyond the maximum distance', () => {
    const max = model.maxDistanceKm();
    assert.ok(max > 0 && Number.isFinite(max), `max distance ${max}`);
    for (const factor of [1.01, 2, 100]) {
      const r = model.rates({ distanceKm: max * factor, elevationDeg: 90 });
      assert.is(r.secretKeyRateBps, 0, `${max * factor} km`);
      checkFinite(r, `${max * factor} km`);
    }
    assert.ok(model.rates({ distanceKm: max * 0.99, elevationDeg: 90 }).secretKeyRateBps > 0, 'key just inside');
  });
  if (model.kind === 'downlink') {
    const mask = model.keyMaskDeg;
    test('every rate is 0 below the key mask', () => {
      for (const elevationDeg of [mask - 0.01, mask / 2, 0, -10]) {
        const r = model.rates({ distanceKm: 800, elevationDeg });
        assert.is(r.siftedRateBps, 0, `sifted at ${elevationDeg} deg`);
        assert.is(r.secretKeyRateBps, 0, `key at ${elevationDeg} deg`);
        checkFinite(r, `${elevationDeg} deg`);
      }
      assert.ok(model.rates({ distanceKm: 800, elevationDeg: mask + 0.01 }).siftedRateBps > 0, 'open just above the mask');
    });
  }
  test.run();
}
