import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../sim/errors.js';
import { getPreset, listPresets } from '../../sim/links/presets.js';
import { checkBb84Params, checkDownlinkParams, checkFiberParams } from '../../sim/links/validate.js';

const presets = suite('listPresets(kind?) and getPreset(name, kind)');
presets('lists micius-2017 and micius-2021 as downlinks and gys-2004, lim-2014 as fibre presets', () => {
  assert.equal(listPresets('downlink').map((p) => p.name), ['micius-2017', 'micius-2021']);
  assert.equal(listPresets('fiber').map((p) => p.name), ['gys-2004', 'lim-2014']);
  assert.is(listPresets().length, 4);
});
presets('an unknown name is an InputError listing the known presets of that kind', () => {
  try {
    getPreset('micius-2018', 'downlink', '--preset');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, InputError);
    assert.is((error as Error).message, '--preset: unknown downlink preset "micius-2018" (known: micius-2017, micius-2021)');
  }
  assert.throws(() => getPreset('micius-2017', 'fiber'), /unknown fiber preset "micius-2017" \(known: gys-2004, lim-2014\)/);
});
presets('every parameter carries a provenance tag [P] [S] [U] [A] or [F]', () => {
  for (const p of listPresets()) {
    assert.equal(Object.keys(p.provenance).sort(), Object.keys(p.params).sort(), `${p.name}: provenance keys`);
    for (const [key, text] of Object.entries(p.provenance)) assert.match(text, /^\[(P|S|U|A|F)\] /, `${p.name}.${key}`);
  }
});
presets('every preset passes its own validation', () => {
  for (const p of listPresets()) {
    const issues = p.kind === 'fiber' ? checkFiberParams(p.params) : checkDownlinkParams(p.params);
    assert.equal(issues, [], p.name);
  }
});
presets.run();

const validate = suite('checkBb84Params(params) and friends');
const base = getPreset('lim-2014', 'fiber').params;
validate('reports ranges with the valid range and the value', () => {
  const issues = checkFiberParams({ ...base, misalignment: 0.7, lossDbPerKm: -1 });
  assert.equal(issues.map((i) => [i.param, i.message]), [
    ['misalignment', 'expected a number in [0, 0.5], got 0.7'],
    ['lossDbPerKm', 'expected a number in [0, 10], got -1'],
  ]);
});
validate('reports mu <= nu + omega, nu <= omega and probabilities not summing to 1, naming every parameter involved', () => {
  const issues = checkBb84Params({ ...base, mu: 0.1, nu: 0.1, pMu: 0.5 });
  assert.equal(issues.map((i) => i.message), [
    'expected mu > nu + omega, got mu 0.1, nu 0.1, omega 0',
    'expected pMu + pNu + pOmega = 1, got 0.5 + 0.1 + 0.1 = 0.7',
  ]);
  assert.equal(issues[0]!.involves, ['mu', 'nu', 'omega']);
  assert.equal(checkBb84Params({ ...base, omega: 0.2 })[0]?.message, 'expected nu > omega, got nu 0.1, omega 0.2');
});
validate('rejects an unknown estimator and noise that sums past 1', () => {
  assert.match(checkBb84Params({ ...base, decoys: 'two' as never })[0]!.message, /expected one of infinite, vacuum-weak, got "two"/);
  const micius = getPreset('micius-2017', 'downlink').params;
  assert.match(checkDownlinkParams({ ...micius, darkCountProb: 0.6, backgroundProb: 0.6 })[0]!.message, /darkCountProb \+ backgroundProb < 1/);
});
validate.run();
