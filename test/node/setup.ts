/**
 * Property tests in `npm test` run with a fixed seed, so a run is reproducible and CI never
 * fails on a case it never saw before; `npm run soak` (RELIABILITY_SCALE) explores new seeds.
 * A failure prints its seed and counterexample either way.
 */
import fc from 'fast-check';

if (!process.env.RELIABILITY_SCALE) fc.configureGlobal({ seed: 20261125 });
