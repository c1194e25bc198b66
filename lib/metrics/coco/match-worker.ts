// Worker-thread entry of the parallel scorer (parallel.ts): runs each task it
// is sent and posts the result back with its buffers transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { type MatchTask, resultBuffers, runMatchTask } from './match-task.js';

parentPort?.on('message', (task: MatchTask) => {
  try {
    const result = runMatchTask(task);
    parentPort!.postMessage({ result }, resultBuffers(result));
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.stack : String(error) });
  }
});
