// Display preferences (large text for the projector, high contrast), and the messages hidden here, kept in localStorage.

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

// Messages to every room that this browser hid ("Hide message"): by message id, the newest 50.
const HIDDEN = 'coboard.hiddenMessages';

function hiddenIds() {
  try {
    const ids = JSON.parse(localStorage.getItem(HIDDEN) || '[]');
    return Array.isArray(ids) ? ids : [];
  } catch (e) { return []; }
}

const hiddenHere = new Set(); // this page's, when the browser keeps nothing

/** Whether this browser hid the message. */
export function messageHidden(id) {
  return hiddenHere.has(id) || hiddenIds().includes(id);
}

/** Hide a message in this browser, for good. */
export function hideMessage(id) {
  hiddenHere.add(id);
  const ids = hiddenIds().filter((x) => x !== id);
  ids.push(id);
  try { localStorage.setItem(HIDDEN, JSON.stringify(ids.slice(-50))); } catch (e) { /* kept for this page only */ }
}
