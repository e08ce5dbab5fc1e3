#!/usr/bin/env node
// The `qkdsim` executable. It runs the compiled program (dist/, built from the TypeScript sources
// by esbuild when `npm install` runs the `prepare` script), which starts in a fraction of the time
// tsx needs to compile the sources at every start. When dist/ is missing, or a source file is newer
// than the build (a developer edited one), it says so on stderr and runs the sources through tsx,
// so an edit is never silently ignored; `npm run build` brings the build up to date.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RUN_NODE_FLAGS } from './node-flags.mjs';

// `qkdsim run` restarts itself once under RUN_NODE_FLAGS (a larger young generation; why in
// node-flags.mjs), ~40 ms; skipped when the flags are given already or QKDSIM_NO_RESTART is set.
if (process.argv[2] === 'run' && !RUN_NODE_FLAGS.every((f) => process.execArgv.includes(f)) && process.env.QKDSIM_NO_RESTART === undefined) {
  const child = spawn(process.execPath, [...RUN_NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise((resolve) => child.on('exit', (c, s) => resolve([c, s])));
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  process.exit(code ?? 1);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = `${root}dist/BUILT`;

/** Newest modification time (ms) of the .ts files under a folder (web/public holds no TypeScript). */
function newestTsMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name !== 'public' && entry.name !== 'node_modules') newest = Math.max(newest, newestTsMs(`${dir}/${entry.name}`));
    } else if (entry.name.endsWith('.ts')) {
      newest = Math.max(newest, statSync(`${dir}/${entry.name}`).mtimeMs);
    }
  }
  return newest;
}

let program;
const builtMs = existsSync(stamp) ? statSync(stamp).mtimeMs : -1;
if (builtMs >= 0 && Math.max(newestTsMs(`${root}sim`), newestTsMs(`${root}web`)) <= builtMs) {
  program = await import('../dist/web/program.js');
} else {
  process.stderr.write(`qkdsim: ${builtMs < 0 ? 'no compiled build (dist/)' : 'sources changed since the last build'}: running the TypeScript sources through tsx (slower to start; \`npm run build\` updates the build)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  program = await import('./program.ts');
}
process.exitCode = await program.runProgram(process.argv);
