import { expect, it } from 'vitest';
import { sessionTransitions as worker } from '../../workers/domain/sessions';
import { sessionTransitions as ui, transitionLabel } from '../../src/app/sessions/lifecycle';

it('the UI offers exactly the lifecycle transitions the worker allows', () => {
  expect(ui).toEqual(worker);
  expect(transitionLabel('archived', 'active')).toBe('Reactivate session');
  expect(transitionLabel('paused', 'active')).toBe('Activate session');
});
