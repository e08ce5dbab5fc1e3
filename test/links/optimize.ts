/**
 * Nelder-Mead simplex maximiser (Nelder & Mead, Computer Journal 7, 308 (1965); the standard
 * reflection 1, expansion 2, contraction 1/2, shrink 1/2 coefficients). Test-only: used to
 * reproduce figures whose curves the papers optimise over free parameters.
 */

/** Maximises f from x0 with initial steps `step`; returns the best point and value. */
export function maximize(f: (x: readonly number[]) => number, x0: readonly number[], step: readonly number[], iterations = 400): { x: number[]; value: number } {
  const n = x0.length;
  let simplex = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const v = x0.slice();
    v[i] = v[i]! + step[i]!;
    simplex.push(v);
  }
  let values = simplex.map((v) => f(v));
  const along = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i]! - ai));
  for (let it = 0; it < iterations; it++) {
    const order = values.map((v, i) => i).sort((i, j) => values[j]! - values[i]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    const worst = simplex[n]!;
    const centroid = x0.map((_, d) => simplex.slice(0, n).reduce((s, v) => s + v[d]!, 0) / n);
    const reflected = along(centroid, worst, -1);
    const fr = f(reflected);
    if (fr > values[0]!) {
      const expanded = along(centroid, worst, -2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe > fr ? [expanded, fe] : [reflected, fr];
    } else if (fr > values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = along(centroid, worst, 0.5);
      const fc = f(contracted);
      if (fc > values[n]!) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = along(simplex[0]!, simplex[i]!, 0.5);
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  const best = values.indexOf(Math.max(...values));
  return { x: simplex[best]!, value: values[best]! };
}
