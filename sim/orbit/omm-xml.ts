/**
 * OMM in XML (CCSDS 502.0-B-3 section 8 and the NDM/XML schema, CCSDS 505.0-B): an `<omm>`
 * element, or an `<ndm>` holding several (as CelesTrak's `FORMAT=XML` serves a group). Keywords are
 * elements inside `metadata`, `data/meanElements`, `data/tleParameters`, ...; a `units` attribute,
 * when given, must be the keyword's unit. Parsing is fast-xml-parser's (a maintained parser with a
 * validator that reports the line of a syntax error); the content goes through the shared OMM
 * validation (omm.ts). Issues name the element path, e.g. `ndm.omm[1].data.meanElements.EPOCH`.
 * @module
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError, type InputIssue } from '../errors.js';
import { checkOmmFields } from './omm.js';
import { ommKeyword, unitProblem, type OmmBlock } from './omm-keywords.js';
import type { ElementSet } from './tle.js';

/** The XML path of each block inside one `<omm>`. */
const BLOCK_PATH: Readonly<Record<OmmBlock, readonly string[]>> = {
  header: ['header'],
  metadata: ['body', 'segment', 'metadata'],
  meanElements: ['body', 'segment', 'data', 'meanElements'],
  spacecraftParameters: ['body', 'segment', 'data', 'spacecraftParameters'],
  tleParameters: ['body', 'segment', 'data', 'tleParameters'],
  covarianceMatrix: ['body', 'segment', 'data', 'covarianceMatrix'],
  userDefinedParameters: ['body', 'segment', 'data', 'userDefinedParameters'],
};
/** Blocks whose keywords qkdsim reads (the others are skipped whole: their content is not checked). */
const READ_BLOCKS: readonly OmmBlock[] = ['metadata', 'meanElements', 'tleParameters'];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'omm' || name === 'COMMENT',
});

/** True when the text starts (after an optional declaration and comments) with an element. */
export function looksLikeXml(text: string): boolean {
  return text.trimStart().startsWith('<');
}

type XmlNode = Record<string, unknown>;
const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An element's text and units attribute (`<X units="deg">1</X>` parses to {'#text', '@units'}). */
function leaf(v: unknown): { text: string; units?: string } | null {
  if (typeof v === 'string') return { text: v };
  if (isNode(v) && Object.keys(v).every((k) => k === '#text' || k.startsWith('@'))) {
    return { text: typeof v['#text'] === 'string' ? v['#text'] : '', ...(typeof v['@units'] === 'string' ? { units: v['@units'] } : {}) };
  }
  return null;
}

/**
 * Parses OMM XML into element sets.
 * @throws InputError: a syntax error with its line, or every content problem with its element path
 */
export function parseOmmXml(text: string, file: string): ElementSet[] {
  // A DOCTYPE can declare entities (expansion bombs, external files); an OMM never needs one.
  if (/<!DOCTYPE/i.test(text)) throw new InputError({ file, message: 'expected OMM XML without a DOCTYPE declaration (OMM XML is defined by a schema, not a DTD)' });
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new InputError({ file, line: valid.err.line, message: `invalid XML at column ${valid.err.col}: ${valid.err.msg}` });
  const doc = parser.parse(text) as XmlNode;
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  let omms: unknown[];
  let prefix: (i: number) => string;
  if (roots.length === 1 && roots[0] === 'omm') {
    omms = doc.omm as unknown[];
    prefix = (i) => (omms.length > 1 ? `omm[${i}]` : 'omm');
  } else if (roots.length === 1 && roots[0] === 'ndm' && isNode(doc.ndm)) {
    omms = (doc.ndm.omm as unknown[] | undefined) ?? [];
    prefix = (i) => `ndm.omm[${i}]`;
  } else {
    throw new InputError({ file, message: `expected an <omm> or <ndm> root element but got ${roots.map((r) => `<${r}>`).join(', ') || 'none'}` });
  }
  const issues: InputIssue[] = [];
  const sets: ElementSet[] = [];
  omms.forEach((omm, index) => {
    const at = (keyword: string): { file: string; path: string } => {
      const block = ommKeyword(keyword)?.block ?? 'metadata';
      return { file, path: [prefix(index), ...BLOCK_PATH[block], keyword].join('.') };
    };
    const values = new Map<string, string>();
    for (const block of READ_BLOCKS) {
      let node: unknown = omm;
      for (const step of BLOCK_PATH[block]) node = isNode(node) ? node[step] : undefined;
      if (!isNode(node)) continue;
      for (const [keyword, value] of Object.entries(node)) {
        if (keyword === 'COMMENT' || keyword.startsWith('@')) continue;
        const path = [prefix(index), ...BLOCK_PATH[block], keyword].join('.');
        const known = ommKeyword(keyword);
        const content = leaf(value);
        if (known?.block !== block) issues.push({ file, path, message: `not an OMM keyword of ${block} (CCSDS 502.0-B-3 tables 4-2, 4-3)` });
        else if (content === null) issues.push({ file, path, message: 'expected one element with a value (given twice, or with elements inside)' });
        else {
          const problem = content.units === undefined ? undefined : unitProblem(keyword, content.units);
          if (problem) issues.push({ file, path, message: problem });
          values.set(keyword, content.text);
        }
      }
    }
    const checked = checkOmmFields({ values, at }, file, index);
    if (checked.set) sets.push(checked.set);
    issues.push(...checked.issues);
  });
  if (issues.length > 0) throw new InputError(issues);
  if (sets.length === 0) throw new InputError({ file, message: 'expected at least one <omm> element but the file has none' });
  return sets;
}
