import { DECOY_ESTIMATORS } from '../../sim/links/bb84-decoy.js';
import { downlinkLinkModel, fiberLinkModel, linkModelFromPreset } from '../../sim/links/link-model.js';
import { listPresets } from '../../sim/links/presets.js';
import { linkContract } from './contract.js';

for (const preset of listPresets()) {
  linkContract(`${preset.name} (preset)`, linkModelFromPreset(preset));
  for (const decoys of DECOY_ESTIMATORS) {
    if (decoys === preset.params.decoys) continue;
    const model =
      preset.kind === 'fiber' ? fiberLinkModel({ ...preset.params, decoys }, preset.name) : downlinkLinkModel({ ...preset.params, decoys }, preset.name);
    linkContract(`${preset.name} with ${decoys} decoys`, model);
  }
}
