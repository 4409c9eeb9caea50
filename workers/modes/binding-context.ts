/**
 * The `binding_context` of a session's mode binding: free-form data the caller attaches
 * (e.g. why this mode was chosen). It is stored as JSON, so only plain JSON data is accepted,
 * checked before serialising: `JSON.stringify` would otherwise drop functions and turn `NaN`
 * into `null` without a word. Pure.
 */
import { type AppError, type Result, err, invalid, ok } from '../result';

/** The largest serialised context accepted, in UTF-8 bytes (64 KiB). */
export const maxBindingContextBytes = 64 * 1024;
/** How deeply objects and arrays may nest. */
export const maxBindingContextDepth = 64;

/**
 * The context as JSON text, `null` for no context (`undefined` or `null`), or a `Validation`
 * error naming the first value that is not plain JSON data (functions, class instances, `NaN`,
 * cycles, …) or saying the result is too large.
 */
export function bindingContextToJson(value: unknown): Result<string | null, AppError> {
  if (value === undefined || value === null) return ok(null);
  const problem = findNonJson(value, 'binding_context', new Set(), 0);
  if (problem !== undefined) return err(invalid('binding_context', problem));
  const json = JSON.stringify(value);
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > maxBindingContextBytes) {
    return err(
      invalid(
        'binding_context',
        `binding_context is too large (${bytes} bytes as JSON; the limit is ${maxBindingContextBytes}).`,
      ),
    );
  }
  return ok(json);
}

/** Describes the first value under `path` that JSON cannot hold faithfully, if any. */
function findNonJson(
  value: unknown,
  path: string,
  ancestors: Set<object>,
  depth: number,
): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? undefined
      : `${path} is ${String(value)}, which JSON cannot hold.`;
  }
  if (value === undefined) return `${path} is undefined, which JSON cannot hold.`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}, which JSON cannot hold.`;
  if (depth >= maxBindingContextDepth) {
    return `${path} is nested more than ${maxBindingContextDepth} levels deep.`;
  }
  if (ancestors.has(value)) return `${path} refers back to itself.`;
  const isArray = Array.isArray(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    return `${path} is not plain data (a ${value.constructor?.name ?? 'class'} instance).`;
  }
  ancestors.add(value);
  try {
    const entries: Array<[string, unknown]> = isArray
      ? value.map((item, index): [string, unknown] => [`${path}[${index}]`, item])
      : Object.entries(value).map(([key, item]): [string, unknown] => [`${path}.${key}`, item]);
    for (const [itemPath, item] of entries) {
      const problem = findNonJson(item, itemPath, ancestors, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}
