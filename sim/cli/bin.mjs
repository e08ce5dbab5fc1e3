#!/usr/bin/env node
// The `qkdsim` executable: registers tsx so the TypeScript sources run as they are, then hands over
// to the command-line program in main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
