/**
 * The secure application entities (SAEs) of a scenario: applications at ground nodes that draw key
 * through their node's key management entity (`qkdsim kme`, ETSI GS QKD 014). Each SAE id is unique
 * and names an existing ground node; a satellite has no KME of its own (it relays).
 * @module
 */
import type { ResolveContext } from './context.js';
import type { Scenario } from './model.js';
import { GROUND_REF, checkReference } from './resolve-nodes.js';
import type { SaeDoc } from './schema.js';

/** An SAE and the node whose KME serves it. */
export interface Sae {
  readonly id: string;
  readonly node: string;
}

/**
 * A loaded scenario with its SAEs. (The SAEs belong in the Scenario model itself; they are carried
 * beside it until sim/scenario/model.ts takes the field.)
 */
export type ScenarioWithSaes = Scenario & { readonly saes: readonly Sae[] };

/** Resolves the `saes` list: unique ids, each at a known ground node. */
export function resolveSaes(docs: readonly (SaeDoc | undefined)[], ctx: ResolveContext): Sae[] {
  const firstAt = new Map<string, string>();
  const out: Sae[] = [];
  docs.forEach((doc, i) => {
    if (doc === undefined) return; // failed the schema: its issues are reported already
    const path = `saes[${i}]`;
    const first = firstAt.get(doc.id);
    if (first !== undefined) ctx.issue(`${path}.id`, `duplicate SAE id ${JSON.stringify(doc.id)} (first at ${first})`);
    else firstAt.set(doc.id, path);
    if (checkReference(doc.node, GROUND_REF, `${path}.node`, ctx) && first === undefined) out.push({ id: doc.id, node: doc.node });
  });
  return out;
}
