/**
 * Editing a session's name, description and priority. Each field is saved when it changes; a
 * refusal (a duplicate name, an archived session…) is shown under the field, and the field
 * shows the database's value again.
 */
import { For, createSignal } from 'solid-js';
import type { AppError, Session, SessionPatch } from '../../../workers/api';
import { useDb } from '../context';
import { ErrorMessage } from '../ErrorMessage';
import { priorityLabels } from './lifecycle';

type Field = 'name' | 'description' | 'priority_level';
type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export function SessionFields(props: { session: Session }) {
  const { api } = useDb();
  const [errors, setErrors] = createSignal<Partial<Record<Field, AppError>>>({});
  const setError = (field: Field, error: AppError | undefined) =>
    setErrors((all) => ({ ...all, [field]: error }));

  const save = async (field: Field, patch: SessionPatch, control: Control, shown: string) => {
    const result = await api.updateSession(props.session.session_id, patch);
    if (result.ok) {
      setError(field, undefined);
      return;
    }
    setError(field, result.error);
    control.value = shown;
  };

  return (
    <fieldset class="session-fields">
      <legend>Session details</legend>
      <div class="field">
        <label for="session-field-name">Name</label>
        <input
          id="session-field-name"
          value={props.session.name}
          onChange={(e) =>
            void save('name', { name: e.currentTarget.value }, e.currentTarget, props.session.name)
          }
        />
        <ErrorMessage error={errors().name} onDismiss={() => setError('name', undefined)} />
      </div>
      <div class="field">
        <label for="session-field-description">Description</label>
        <textarea
          id="session-field-description"
          rows={3}
          value={props.session.description ?? ''}
          onChange={(e) => {
            const text = e.currentTarget.value;
            void save(
              'description',
              { description: text.trim() === '' ? null : text },
              e.currentTarget,
              props.session.description ?? '',
            );
          }}
        />
        <ErrorMessage
          error={errors().description}
          onDismiss={() => setError('description', undefined)}
        />
      </div>
      <div class="field">
        <label for="session-field-priority">Priority</label>
        <select
          id="session-field-priority"
          onChange={(e) =>
            void save(
              'priority_level',
              { priority_level: Number(e.currentTarget.value) },
              e.currentTarget,
              String(props.session.priority_level),
            )
          }
        >
          <For each={[1, 2, 3, 4, 5]}>
            {(level) => (
              <option value={level} selected={props.session.priority_level === level}>
                {level} — {priorityLabels[level]}
              </option>
            )}
          </For>
        </select>
        <ErrorMessage
          error={errors().priority_level}
          onDismiss={() => setError('priority_level', undefined)}
        />
      </div>
    </fieldset>
  );
}
