/**
 * The dashboard's files: web/public/, and from the installed packages d3, topojson-client and the
 * one basemap the page uses (world-atlas countries-110m: land and borders, 108 kB, 38 kB gzipped),
 * so the page needs no CDN.
 * @module
 */
import express, { type Router } from 'express';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePath } from '../../sim/package-root.js';

/** The dashboard's static files (from the sources, also when the server runs from the build). */
const PUBLIC_DIR = packagePath('web', 'public');
/** Path of an installed package's file (d3 resolves to dist/d3.mjs, so its folder is dist/). */
const packageFile = (specifier: string): string => fileURLToPath(import.meta.resolve(specifier));

/** Routes of the files the page loads from node_modules. */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  '/vendor/d3.min.js': join(dirname(packageFile('d3')), 'd3.min.js'),
  '/vendor/topojson-client.min.js': join(dirname(packageFile('topojson-client')), 'topojson-client.min.js'),
  '/data/countries-110m.json': packageFile('world-atlas/countries-110m.json'),
};

export function staticRouter(): Router {
  const router = express.Router();
  for (const [route, file] of Object.entries(VENDOR_FILES)) {
    router.get(route, (_req, res, next) => {
      res.sendFile(file, { maxAge: '1d' }, (error) => error && next(error));
    });
  }
  router.use(express.static(PUBLIC_DIR, { index: 'index.html', dotfiles: 'ignore', redirect: false, setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));
  return router;
}
