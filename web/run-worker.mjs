// Worker thread entry of a dashboard run: registers tsx (workers do not inherit the main thread's
// loader hooks) and loads run-job.ts, which runs the scenario in workerData and posts messages back.
import { register } from 'tsx/esm/api';

register();
await import('./run-job.ts');
