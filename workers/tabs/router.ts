/**
 * Which tab owns the database, and how the other tabs reach it. Every tab's worker asks for
 * one Web Lock; the holder opens the database and serves calls, the others forward their
 * calls over a BroadcastChannel and wait for the reply. When the owner's tab closes, its lock
 * is released and the next tab takes over: calls it never acknowledged are sent again; calls
 * it acknowledged but never answered are reported as `OwnerLost` (they may or may not have
 * been applied), never silently retried twice or dropped. Change notices go to every tab.
 */
import type { ChangeNotice } from '../api';
import type { AppError, Result } from '../result';
import { errorFromThrown } from '../result';
import type { DbHandler } from '../service';

type Message =
  | { kind: 'call'; id: string; from: string; method: string; args: unknown[] }
  | { kind: 'ack'; id: string; to: string; owner: string }
  | { kind: 'reply'; id: string; to: string; result: Result<unknown, AppError> }
  | { kind: 'owner-ready'; owner: string }
  | { kind: 'who-owns' }
  | { kind: 'changed'; notice: ChangeNotice };

interface Pending {
  method: string;
  args: unknown[];
  ackedBy: string | null;
  resolve: (result: Result<unknown, AppError>) => void;
}

export type TabRole = 'owner' | 'follower' | 'starting';

export interface TabRouter {
  call(method: string, args: unknown[]): Promise<Result<unknown, AppError>>;
  role(): TabRole;
}

export interface TabRouterOptions {
  /** Lock and channel name; tabs with the same name share one database. */
  name: string;
  /**
   * Opens the database; called once, when this tab becomes the owner. `emit` announces
   * changes the owner makes on its own (background sync) to every tab.
   */
  open: (emit: (notice: ChangeNotice) => void) => Promise<DbHandler>;
  /** Receives every change notice, from this tab's calls and from other tabs'. */
  onChange: (notice: ChangeNotice) => void;
}

export function createTabRouter({ name, open, onChange }: TabRouterOptions): TabRouter {
  const tabId = crypto.randomUUID();
  const channel = new BroadcastChannel(`${name}:calls`);
  const pending = new Map<string, Pending>();
  let handler: Promise<DbHandler> | null = null;
  let lockHeld = false;
  let ready = false;
  // Calls this owner has taken, by id: a call forwarded twice (re-sent when an owner
  // announced itself) is answered from here instead of running again.
  const served = new Map<string, Promise<Result<unknown, AppError>>>();
  let knownOwner: string | null = null;

  const post = (message: Message) => channel.postMessage(message);

  async function serve(method: string, args: unknown[]): Promise<Result<unknown, AppError>> {
    try {
      const { result, changes } = await (await handler!)(method, args);
      if (changes) {
        onChange(changes); // this tab first: it is waiting for its own change
        post({ kind: 'changed', notice: changes });
      }
      return result;
    } catch (thrown) {
      return { ok: false, error: errorFromThrown(thrown) };
    }
  }

  function forward(id: string, entry: Pending) {
    post({ kind: 'call', id, from: tabId, method: entry.method, args: entry.args });
  }

  /**
   * A new owner is ready: calls nobody acknowledged go to it (or are served here when this tab
   * is the owner); calls a previous owner acknowledged but never answered are reported lost.
   */
  function settlePending(owner: string) {
    for (const [id, entry] of pending) {
      if (entry.ackedBy === null) {
        if (owner !== tabId) {
          forward(id, entry);
          continue;
        }
        pending.delete(id);
        void serve(entry.method, entry.args).then(entry.resolve);
      } else if (entry.ackedBy !== owner) {
        pending.delete(id);
        entry.resolve({
          ok: false,
          error: {
            type: 'OwnerLost',
            message:
              'The tab that held the database closed while saving this change. ' +
              'Check whether it was saved, then try again if needed.',
          },
        });
      }
    }
  }

  channel.onmessage = (event: MessageEvent<Message>) => {
    const message = event.data;
    switch (message.kind) {
      case 'call': {
        if (!lockHeld) return;
        post({ kind: 'ack', id: message.id, to: message.from, owner: tabId });
        let reply = served.get(message.id);
        if (!reply) {
          reply = serve(message.method, message.args);
          served.set(message.id, reply);
          if (served.size > 5000) served.delete(served.keys().next().value!);
        }
        void reply.then((result) =>
          post({ kind: 'reply', id: message.id, to: message.from, result }),
        );
        return;
      }
      case 'who-owns':
        if (lockHeld && ready) post({ kind: 'owner-ready', owner: tabId });
        return;
      case 'ack': {
        const entry = message.to === tabId ? pending.get(message.id) : undefined;
        if (entry) entry.ackedBy = message.owner;
        knownOwner = message.owner;
        return;
      }
      case 'reply': {
        const entry = message.to === tabId ? pending.get(message.id) : undefined;
        if (!entry) return;
        pending.delete(message.id);
        entry.resolve(message.result);
        return;
      }
      case 'owner-ready':
        knownOwner = message.owner;
        settlePending(message.owner);
        return;
      case 'changed':
        onChange(message.notice);
        return;
    }
  };

  // The lock callback's promise never settles: the lock is held for this worker's lifetime.
  void navigator.locks.request(`${name}:owner`, () => {
    lockHeld = true;
    handler = open((notice) => {
      post({ kind: 'changed', notice });
      onChange(notice);
    });
    // Announce even when opening failed: the calls then get that failure as their answer.
    const announce = () => {
      ready = true;
      post({ kind: 'owner-ready', owner: tabId });
      settlePending(tabId);
    };
    void handler.then(announce, announce);
    return new Promise<never>(() => undefined);
  });

  post({ kind: 'who-owns' });

  return {
    role: () => (lockHeld ? 'owner' : knownOwner ? 'follower' : 'starting'),
    call(method, args) {
      if (lockHeld) return serve(method, args);
      return new Promise((resolve) => {
        const id = crypto.randomUUID();
        const entry: Pending = { method, args, ackedBy: null, resolve };
        pending.set(id, entry);
        forward(id, entry);
      });
    },
  };
}
