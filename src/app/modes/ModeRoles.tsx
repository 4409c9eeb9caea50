/**
 * A mode's roles: each one collapsible (name and definition in the summary), with its
 * expertise and approach lists, output format, and the specialist roles it names.
 */
import { For, Index, Show } from 'solid-js';
import type { ModeInfo } from '../../../workers/api';

export function ModeRoles(props: { mode: ModeInfo }) {
  const roles = () => props.mode.specialist_roles.roles;
  const purposes = () => props.mode.specialist_roles.specialist_purposes;
  return (
    <Show
      when={roles().length > 0}
      fallback={<p class="muted small">No roles could be read from this mode.</p>}
    >
      <h4>Roles ({roles().length})</h4>
      <ul class="role-list" aria-label={`Roles of ${props.mode.mode_name}`}>
        {/* Index keeps each role's open/closed state when the mode list is read again. */}
        <Index each={roles()}>
          {(role) => (
            <li>
              <details class="role">
                <summary>
                  <strong class="role-name">{role().name}</strong>
                  <span class="muted"> — {role().role_definition}</span>
                </summary>
                <div class="role-body">
                  <h5>Expertise</h5>
                  <ul>
                    <For each={role().expertise}>{(item) => <li>{item}</li>}</For>
                  </ul>
                  <h5>Approach</h5>
                  <ul>
                    <For each={role().approach}>{(item) => <li>{item}</li>}</For>
                  </ul>
                  <h5>Output format</h5>
                  <p>{role().output_format}</p>
                  <Show when={Object.keys(role().specialist_roles ?? {}).length > 0}>
                    <h5>Specialist roles</h5>
                    <dl class="info-list">
                      <For each={Object.entries(role().specialist_roles ?? {})}>
                        {([name, purpose]) => (
                          <>
                            <dt>{name}</dt>
                            <dd>{purpose}</dd>
                          </>
                        )}
                      </For>
                    </dl>
                  </Show>
                </div>
              </details>
            </li>
          )}
        </Index>
      </ul>
      <Show when={props.mode.specialist_roles.specialists.length > 0}>
        <p class="small">
          <span class="muted">Offered in the task editor: </span>
          <For each={props.mode.specialist_roles.specialists}>
            {(name, index) => (
              <>
                {index() > 0 ? ', ' : ''}
                <span title={purposes()[name]}>{name}</span>
              </>
            )}
          </For>
        </p>
      </Show>
    </Show>
  );
}
