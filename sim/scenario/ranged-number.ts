/**
 * A zod number for a value with a range from a parameter table (links/params.ts): the bounds go into
 * the JSON Schema, and a value outside gets one message stating the whole valid range, the same
 * message a flag or a preset check gives (validation.ts prints it with the value found).
 * @module
 */
import { z } from 'zod';
import { describeRange, type Range } from '../links/params.js';

export function rangedNumber(r: Range): z.ZodNumber {
  const error = `expected ${describeRange(r)}`;
  let field = z.number();
  if (r.min !== undefined) field = field.min(r.min, { error });
  if (r.minExclusive !== undefined) field = field.gt(r.minExclusive, { error });
  if (r.max !== undefined) field = field.max(r.max, { error });
  if (r.maxExclusive !== undefined) field = field.lt(r.maxExclusive, { error });
  return field;
}
