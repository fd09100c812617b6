/** Tells the header's bell that the inbox changed (read marks), so it counts again at once. */
const EVENT = 'planwatch:inbox-changed';

export function announceInboxChange(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onInboxChange(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
