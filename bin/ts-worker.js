// A worker thread that runs a TypeScript module (workerData.module, a file URL) through
// tsx's loader, as bin/shirube.js runs the command: a worker does not inherit the loader
// registered in the thread that starts it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
