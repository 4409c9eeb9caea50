/**
 * The group editor: rename a group, describe it, choose its specialist focus from the
 * session's mode, nest it under another group or move it to the top, or delete it with its
 * tasks (after a confirmation that says how many). A native modal dialog: Escape closes it.
 */
import { For, Index, Show, createSignal, onMount, untrack } from 'solid-js';
import type { AppError, TaskGroup } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import './editor.css';

export function GroupEditor(props: {
  group: TaskGroup;
  groups: readonly TaskGroup[];
  onClose: () => void;
}) {
  const db = useDb();
  const { api } = db;
  const roles = createLiveQuery(
    db,
    () => props.group.session_id,
    (id) => api.specialistRoles(id),
    ['session_modes', 'session_mode_bindings', 'sessions'],
  );
  // The form edits a copy of the group as it was when the editor opened.
  const initial = untrack(() => ({ ...props.group }));
  const [name, setName] = createSignal(initial.group_name);
  const [description, setDescription] = createSignal(initial.description ?? '');
  const [focus, setFocus] = createSignal(initial.specialist_focus ?? '');
  const [parent, setParent] = createSignal(initial.parent_group_id ?? '');
  const [confirmDelete, setConfirmDelete] = createSignal(false);
  const [error, setError] = createSignal<AppError>();
  let dialog: HTMLDialogElement | undefined;
  onMount(() => dialog?.showModal());

  /** Groups it may nest under: not itself, not one of its own subgroups. */
  const parents = () => {
    const inside = new Set([props.group.group_id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const g of props.groups) {
        if (g.parent_group_id && inside.has(g.parent_group_id) && !inside.has(g.group_id)) {
          inside.add(g.group_id);
          grew = true;
        }
      }
    }
    return props.groups.filter((g) => !inside.has(g.group_id));
  };

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const updated = await api.updateGroup(props.group.group_id, {
      group_name: name(),
      description: description().trim() || null,
      specialist_focus: focus() || null,
    });
    if (!updated.ok) return void setError(updated.error);
    if ((parent() || null) !== props.group.parent_group_id) {
      const moved = await api.moveGroup(props.group.group_id, {
        parent_group_id: parent() || null,
      });
      if (!moved.ok) return void setError(moved.error);
    }
    dialog?.close();
  };

  const remove = async () => {
    const result = await api.deleteGroup(props.group.group_id);
    if (!result.ok) return void setError(result.error);
    dialog?.close();
  };

  return (
    <dialog
      ref={(el) => (dialog = el)}
      class="group-editor"
      aria-labelledby="group-editor-title"
      onClose={() => props.onClose()}
    >
      <form onSubmit={save}>
        <h2 id="group-editor-title">Edit group</h2>
        <label for="group-name">Name</label>
        <input id="group-name" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <label for="group-description">Description</label>
        <textarea
          id="group-description"
          rows={3}
          value={description()}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
        <label for="group-focus">Specialist focus</label>
        {/* Each option says whether it is the chosen one: the roles arrive after the select is
            made, and a value set before its option exists would be lost. */}
        <select id="group-focus" onChange={(e) => setFocus(e.currentTarget.value)}>
          <option value="" selected={!focus()}>
            None
          </option>
          <Show when={focus() && !(roles.data() ?? []).includes(focus())}>
            <option value={focus()} selected>
              {focus()}
            </option>
          </Show>
          <For each={roles.data()}>
            {(role) => (
              <option value={role} selected={focus() === role}>
                {role}
              </option>
            )}
          </For>
        </select>
        <label for="group-parent">Inside</label>
        <select
          id="group-parent"
          value={parent()}
          onChange={(e) => setParent(e.currentTarget.value)}
        >
          <option value="">Top level</option>
          <Index each={parents()}>
            {(g) => <option value={g().group_id}>{g().group_name}</option>}
          </Index>
        </select>
        <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
        <div class="dialog-actions">
          <button type="submit">Save</button>
          <button type="button" class="secondary" onClick={() => dialog?.close()}>
            Cancel
          </button>
          <button
            type="button"
            class="secondary danger"
            aria-expanded={confirmDelete()}
            onClick={() => setConfirmDelete(true)}
          >
            Delete group
          </button>
        </div>
        <Show when={confirmDelete()}>
          <div class="confirm" role="alertdialog" aria-labelledby="group-delete-text">
            <p id="group-delete-text">
              Delete “{props.group.group_name}” with its {props.group.total_tasks} task
              {props.group.total_tasks === 1 ? '' : 's'} and any groups inside it?
            </p>
            <button
              type="button"
              class="danger"
              ref={(el) => queueMicrotask(() => el.focus())}
              onClick={() => void remove()}
            >
              Yes, delete the group
            </button>
            <button type="button" class="secondary" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
          </div>
        </Show>
      </form>
    </dialog>
  );
}
