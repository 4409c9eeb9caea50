/**
 * The service worker, registered with an explicit prompt: a new version is downloaded in the
 * background and waits; the user sees "Update available — reload" and decides when, so the
 * app never switches versions in the middle of their work. It also says once when the app is
 * ready to work offline.
 */
import { Show, onCleanup } from 'solid-js';
import { useRegisterSW } from 'virtual:pwa-register/solid';
import './update-prompt.css';

/** How often a long-open tab asks whether a new version exists. */
const updateCheckMs = 60 * 60 * 1000;

export function UpdatePrompt() {
  let registration: ServiceWorkerRegistration | undefined;
  const check = () => void registration?.update().catch(() => undefined);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, found) {
      registration = found;
    },
  });
  const timer = setInterval(check, updateCheckMs);
  window.addEventListener('focus', check);
  onCleanup(() => {
    clearInterval(timer);
    window.removeEventListener('focus', check);
  });

  return (
    <>
      <Show when={needRefresh()}>
        <div class="banner" role="alert">
          <span>Update available — reload to use the new version.</span>
          <button type="button" onClick={() => void updateServiceWorker(true)}>
            Reload
          </button>
          <button type="button" class="link" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
        </div>
      </Show>
      <Show when={offlineReady() && !needRefresh()}>
        <div class="banner" role="status">
          <span>Ready to work offline.</span>
          <button type="button" class="link" onClick={() => setOfflineReady(false)}>
            Dismiss
          </button>
        </div>
      </Show>
    </>
  );
}
