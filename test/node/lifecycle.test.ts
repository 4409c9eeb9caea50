/**
 * The session lifecycle table (core/lifecycle.ts), which the worker enforces and the UI offers,
 * pinned to PRODUCT.md "Sessions": a change of the rules must change this test too.
 */
import { expect, it } from 'vitest';
import { allowedTransitions, sessionTransitions } from '../../core/lifecycle';
import { transitionLabel } from '../../src/app/sessions/lifecycle';

it('allows exactly the transitions of PRODUCT.md', () => {
  expect(sessionTransitions).toEqual({
    creating: ['active', 'cancelled'],
    active: ['paused', 'completed', 'cancelled'],
    paused: ['active', 'archived', 'cancelled'],
    completed: ['archived'],
    archived: ['active'],
    cancelled: ['archived'],
    error: ['active', 'cancelled'],
  });
  expect(allowedTransitions('completed')).toEqual(['archived']);
});

it('names each action for people', () => {
  expect(transitionLabel('archived', 'active')).toBe('Reactivate session');
  expect(transitionLabel('paused', 'active')).toBe('Activate session');
});
