import { ref } from 'vue';
import { registerSW } from 'virtual:pwa-register';

/** A new version of the app is installed and waits: it takes over when the user reloads, never in the middle of a form. */
export const updateReady = ref(false);
let update: (reload?: boolean) => Promise<void> = async () => {};

/** Installs the service worker that keeps the app shell on the device (see vite.config.ts). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  update = registerSW({ immediate: true, onNeedRefresh: () => (updateReady.value = true) });
}

export const applyUpdate = () => update(true);
