/**
 * Trusted-relay routing on the network graph (@dagrejs/graphlib, undirected multigraph: nodes are
 * stations, relays, users and satellites; each link is an edge named by its id). A route is the
 * least-weight path under weights the caller gives per link; a link whose weight is null is not
 * usable (failed, or a satellite link without stored key). Ties go to the first path found, and
 * nodes and edges are inserted in id order, so routes are the same on every run.
 * @module
 */
import { Graph, alg, type Edge } from '@dagrejs/graphlib';

/** A link as the graph sees it. */
export interface RouteLink {
  readonly id: string;
  readonly from: string;
  readonly to: string;
}

/** A chosen path: the nodes visited and the links used, in order. */
export interface Route {
  readonly nodes: readonly string[];
  readonly links: readonly string[];
  /** Index of each link in the order links were given to the graph (the network's pool index). */
  readonly poolIdx: readonly number[];
  /** Sum of the link weights. */
  readonly cost: number;
}

/**
 * The network graph, built once per run on its first query (a run without demands, such as a
 * constellation study, never routes and never pays for the graph); weights are given per query.
 */
export class RoutingGraph {
  private built: Graph | null = null;
  private readonly indexById = new Map<string, number>();

  constructor(
    private readonly nodeIds: readonly string[],
    private readonly links: readonly RouteLink[],
  ) {
    links.forEach((l, i) => this.indexById.set(l.id, i));
  }

  private get graph(): Graph {
    if (this.built === null) {
      const g = new Graph({ directed: false, multigraph: true });
      for (const id of [...this.nodeIds].sort()) g.setNode(id);
      for (const l of [...this.links].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) g.setEdge(l.from, l.to, l.id, l.id);
      this.built = g;
    }
    return this.built;
  }

  /** True if the node exists. */
  hasNode(id: string): boolean {
    return this.graph.hasNode(id);
  }

  /**
   * The least-weight route from `from` to `to`, or null when none exists.
   * @param weight per link id: a positive weight, or null when the link cannot be used now
   */
  route(from: string, to: string, weight: (linkId: string) => number | null): Route | null {
    if (from === to || !this.graph.hasNode(from) || !this.graph.hasNode(to)) return null;
    const usable = (e: Edge): boolean => weight(e.name!) !== null;
    const paths = alg.dijkstra(
      this.graph,
      from,
      (e) => weight(e.name!) ?? Infinity,
      (v) => (this.graph.nodeEdges(v) ?? []).filter(usable),
    );
    const end = paths[to];
    if (!end || !Number.isFinite(end.distance)) return null;
    const nodes = [to];
    while (nodes[0] !== from) nodes.unshift(paths[nodes[0]!]!.predecessor);
    const links: string[] = [];
    for (let i = 0; i + 1 < nodes.length; i++) {
      // Parallel links: the lightest usable one (the one Dijkstra relaxed), ties by id.
      let best: string | undefined;
      let bestW = Infinity;
      for (const e of this.graph.nodeEdges(nodes[i]!, nodes[i + 1]!) ?? []) {
        const w = weight(e.name!);
        if (w !== null && (w < bestW || (w === bestW && e.name! < best!))) {
          best = e.name!;
          bestW = w;
        }
      }
      links.push(best!);
    }
    return { nodes, links, poolIdx: links.map((id) => this.indexById.get(id)!), cost: end.distance };
  }
}
