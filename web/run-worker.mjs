// Worker thread entry of a dashboard run: registers tsx (workers do not inherit the main thread's
// loader hooks) and loads run-job.ts, which posts `ready` and runs the job the server sends it.
// The one place that says where the worker script is: web/worker-pool.ts (RUN_WORKER_URL).
import { register } from 'tsx/esm/api';

register();
await import('./run-job.ts');
