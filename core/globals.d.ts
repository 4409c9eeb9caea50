// The few runtime APIs core/ may use: those that Node (≥ 20) and every browser both have.
// Everything else (DOM, workers, Node modules) stays out of core's type environment.
declare function structuredClone<T>(value: T): T;
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
