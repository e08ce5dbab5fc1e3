/**
 * Regenerates test/reference/micius-2017-loss-fit.json: the least-squares fit of the micius-2017
 * preset's zenith atmospheric loss and fixed loss to the Liao 2017 loss table placed on the real
 * pass geometry. Run: node --import tsx test/links/fit-micius-loss.ts [--write]
 * (without --write it prints the JSON). micius-2017.test.ts checks that the file, a fresh fit and
 * the preset agree, so the three cannot drift apart.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers.js';
import { fitAtmosphereAndFixedLoss } from '../../sim/links/loss-fit.js';
import { airMass, diffractionLossDb, downlinkLoss } from '../../sim/links/free-space.js';
import { getPreset } from '../../sim/links/presets.js';
import { lossTableOnPass } from './reference-pass.js';

/** Builds the fit record (pure apart from reading the reference files). */
export function buildLossFitRecord(): Record<string, unknown> {
  const preset = getPreset('micius-2017', 'downlink').params;
  const rows = lossTableOnPass();
  const fit = fitAtmosphereAndFixedLoss(rows, preset);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const points = rows.map((r, i) => {
    const model = downlinkLoss(r.rangeKm, r.elevationDeg, preset).channelDb;
    return {
      rangeKm: round2(r.rangeKm),
      branch: r.branch,
      elevationDeg: round2(r.elevationDeg),
      airMass: Math.round(airMass(r.elevationDeg) * 1000) / 1000,
      diffractionDb: round2(diffractionLossDb(r.rangeKm, preset)),
      measuredDb: r.lossDb,
      fitResidualDb: round2(fit.residualsDb[i]!),
      presetModelDb: round2(model),
      presetResidualDb: round2(model - r.lossDb),
    };
  });
  const presetResiduals = points.map((p) => Math.abs(p.presetResidualDb));
  return {
    provenance: {
      description: 'Least-squares fit of zenithLossDb and fixedLossDb of the micius-2017 preset',
      data: 'Liao et al., Nature 549, 43 (2017): channel loss vs slant range, detector excluded, digitised +-10 km averages (shared/reference/README.md [S]); 645 30.0, 700 30.8, 800 31.2, 900 32.9, 1000 34.3, 1100 36.3, 1200 39.0 dB',
      geometry: 'test/reference/liao2017-pass-geometry.json (satellite.js 7.1.0 SGP4, 2016-12-18 TLE, Xinglong), linearly interpolated; each range gives its rising and setting point, 645 km the culmination (645.5 km, 47.8 deg)',
      model: 'loss = diffraction(L) + zenithLossDb * airMass(el) [Kasten & Young 1989] + fixedLossDb; diffraction from divergenceUrad, transmitApertureM, receiveApertureM, wavelengthNm held fixed at the preset values',
      method: 'ordinary least squares, closed form (linear in the two parameters); tool: sim/links/loss-fit.ts via test/links/fit-micius-loss.ts',
      fixedInputs: {
        divergenceUrad: preset.divergenceUrad,
        transmitApertureM: preset.transmitApertureM,
        receiveApertureM: preset.receiveApertureM,
        wavelengthNm: preset.wavelengthNm,
      },
    },
    fit: {
      zenithLossDb: Math.round(fit.zenithLossDb * 10000) / 10000,
      fixedLossDb: Math.round(fit.fixedLossDb * 10000) / 10000,
      maxAbsResidualDb: Math.round(fit.maxAbsResidualDb * 1000) / 1000,
      rmsResidualDb: Math.round(fit.rmsResidualDb * 1000) / 1000,
    },
    preset: {
      zenithLossDb: preset.zenithLossDb,
      fixedLossDb: preset.fixedLossDb,
      maxAbsResidualDb: Math.max(...presetResiduals),
    },
    points,
  };
}

if (process.argv[1]?.endsWith('fit-micius-loss.ts')) {
  const text = `${JSON.stringify(buildLossFitRecord(), null, 1)}\n`;
  if (process.argv.includes('--write')) writeFileSync(join(REPO_ROOT, 'test', 'reference', 'micius-2017-loss-fit.json'), text);
  else process.stdout.write(text);
}
