/**
 * Editing a session's name, description and priority. Each field is saved when it changes; a
 * refusal (a duplicate name, an archived session…) is shown under the field, and the field
 * shows the database's value again.
 */
import { For, createSignal } from 'solid-js';
import type { AppError, Session, SessionPatch } from '../../../workers/api';
import { useDb } from '../context';
import { Field } from '../Field';
import { priorityLabels } from './lifecycle';
import './sessions.css';

type FieldName = 'name' | 'description' | 'priority_level';
type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export function SessionFields(props: { session: Session }) {
  const { api } = useDb();
  const [errors, setErrors] = createSignal<Partial<Record<FieldName, AppError>>>({});
  const setError = (field: FieldName, error: AppError | undefined) =>
    setErrors((all) => ({ ...all, [field]: error }));

  const save = async (field: FieldName, patch: SessionPatch, control: Control, shown: string) => {
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
      <Field
        for="session-field-name"
        label="Name"
        error={errors().name}
        onDismiss={() => setError('name', undefined)}
      >
        <input
          id="session-field-name"
          value={props.session.name}
          onChange={(e) =>
            void save('name', { name: e.currentTarget.value }, e.currentTarget, props.session.name)
          }
        />
      </Field>
      <Field
        for="session-field-description"
        label="Description"
        error={errors().description}
        onDismiss={() => setError('description', undefined)}
      >
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
      </Field>
      <Field
        for="session-field-priority"
        label="Priority"
        error={errors().priority_level}
        onDismiss={() => setError('priority_level', undefined)}
      >
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
      </Field>
    </fieldset>
  );
}
