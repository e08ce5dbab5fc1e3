/** The list of CLI commands; each module registers one command on the program. @module */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerPasses } from './passes.js';
import { registerKeyrate } from './keyrate.js';
import { registerSchema } from './schema.js';
import { registerRun } from './run.js';
import { registerStudy } from './study.js';
import { registerEphemeris } from './ephemeris.js';
import { registerGeoJson } from './geojson.js';
import { registerWorker } from './worker.js';

/** Registers one command (and its options and action) on the program. */
export type RegisterCommand = (program: Command, io: CliIo) => void;

/** The commands of sim/ itself; the program's composition root (web/program.ts) adds those that need web/. */
export const COMMANDS: RegisterCommand[] = [registerPasses, registerKeyrate, registerRun, registerStudy, registerWorker, registerSchema, registerEphemeris, registerGeoJson];
