/**
 * Errors across the worker boundary, in real Chromium with real Comlink: which fields of a
 * thrown Error survive, and that the worker's error values (workers/result.ts) arrive whole.
 */
import * as Comlink from 'comlink';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ThrowingApi } from './throwing.worker';
import type { NewTask } from '../../workers/api';
import { freshDbName, openClient } from './support';

function throwingWorker() {
  const worker = new Worker(new URL('./throwing.worker.ts', import.meta.url), { type: 'module' });
  onTestFinished(() => worker.terminate());
  return Comlink.wrap<ThrowingApi>(worker);
}

describe('errors across the worker boundary', () => {
  it('a thrown Error arrives without its cause or code: why the worker never throws across', async () => {
    const remote = throwingWorker();
    const thrown = await remote.throwRaw().then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe('Saving the task failed');
    expect((thrown as Error).stack).toBeTruthy();
    // Comlink sends a thrown Error as its name, message and stack only.
    expect((thrown as Error).cause).toBeUndefined();
  });

  it('the error value keeps the message, the stack and the chain of causes with their codes', async () => {
    const error = await throwingWorker().converted();
    expect(error).toMatchObject({
      type: 'UnknownError',
      message: 'Saving the task failed',
      cause: { name: 'Error', message: 'disk I/O error', code: 10 },
    });
    expect(error.type === 'UnknownError' && error.stack).toContain('failure');
    expect(error.type === 'UnknownError' && error.cause?.stack).toBeTruthy();
  });

  it('a bug inside a real database call comes back as an UnknownError value, stack included', async () => {
    const client = openClient(freshDbName());
    const result = await client.api.createTask(null as unknown as NewTask);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.type).toBe('UnknownError');
    expect(result.error.message).toMatch(/null/);
    expect(result.error.type === 'UnknownError' && result.error.stack).toBeTruthy();
  });
});
