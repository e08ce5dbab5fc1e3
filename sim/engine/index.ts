/** Public surface of the event engine: simulation clock and run loop, event queue, random streams. */
export { Simulation, SimulationError, URGENT, NORMAL } from './simulation.js';
export type { SimEvent, EventHandle, EventHandler, SimulationOptions, SimulationStats } from './simulation.js';
export { EventQueue } from './queue.js';
export type { QueueEntry } from './queue.js';
export { RandomStreams, Rng, deriveStreamState, logFactorial } from './rng.js';
export type { RngState } from './rng.js';
