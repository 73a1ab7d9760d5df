// Display preferences (large text for the projector, high contrast), kept in localStorage.

const KEYS = { largeText: 'coboard.pref.largeText', highContrast: 'coboard.pref.highContrast' };
const CLASSES = { largeText: 'large-text', highContrast: 'high-contrast' };

/** Current value of a preference. */
export function getPref(name) {
  try { return localStorage.getItem(KEYS[name]) === '1'; } catch (e) { return false; }
}

/** Set a preference, remember it and apply it to the page. */
export function setPref(name, on) {
  try { localStorage.setItem(KEYS[name], on ? '1' : '0'); } catch (e) { /* not remembered */ }
  applyPrefs();
}

/** Put the preference classes on <html>. */
export function applyPrefs() {
  for (const name of Object.keys(KEYS)) document.documentElement.classList.toggle(CLASSES[name], getPref(name));
}
