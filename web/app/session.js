// What this browser keeps in its localStorage: about the workshops it has been in, one member
// token per workshop (the key to the board, never sent anywhere but this origin's API and socket)
// and a short list for "My workshops" on the start page (titles are kept so the list reads well;
// forgetting a workshop removes both); the text being typed; display preferences and the messages
// hidden here. One module, as every page needs some of it: one response fewer on a phone's first
// load for each (bench/pageload.py).

const TOKEN = (wid) => `coboard.token.${wid}`;
const MINE = 'coboard.mine';
const MINE_MAX = 30;

/** Keep a member token for a workshop. */
export function saveToken(wid, token) {
  try { localStorage.setItem(TOKEN(wid), token); } catch (e) { /* private mode: the link still works */ }
}

/** The member token kept for a workshop, or null. */
export function loadToken(wid) {
  try { return localStorage.getItem(TOKEN(wid)); } catch (e) { return null; }
}

/** The personal link that opens a workshop as the holder of `token` (the token stays in the fragment). */
export function personalLink(origin, wid, token) {
  return `${origin}/w/${encodeURIComponent(wid)}#token=${encodeURIComponent(token)}`;
}

/** The workshops this browser has joined or created, newest first: [{wid, title, role, at}]. */
export function myWorkshops() {
  try {
    const list = JSON.parse(localStorage.getItem(MINE) || '[]');
    return Array.isArray(list) ? list.filter((w) => w && typeof w.wid === 'string' && loadToken(w.wid)) : [];
  } catch (e) {
    return [];
  }
}

/** Remember (or refresh) a workshop in "My workshops". */
export function rememberWorkshop({ wid, title, role }) {
  if (!wid) return;
  const others = myWorkshops().filter((w) => w.wid !== wid);
  const old = myWorkshops().find((w) => w.wid === wid) || {};
  const entry = { wid, title: title || old.title || '', role: role || old.role || 'participant', at: new Date().toISOString() };
  try { localStorage.setItem(MINE, JSON.stringify([entry, ...others].slice(0, MINE_MAX))); } catch (e) { /* not remembered */ }
}

/** Forget a workshop on this browser: its token and its line in "My workshops". */
export function forgetWorkshop(wid) {
  try {
    localStorage.removeItem(TOKEN(wid));
    localStorage.setItem(MINE, JSON.stringify(myWorkshops().filter((w) => w.wid !== wid)));
  } catch (e) { /* nothing kept */ }
}

// ---- drafts ----------------------------------------------------------------------------------
// Text being typed is saved per workshop and field, so a reload, a dropped connection or the
// facilitator moving the room on never loses it.

const DRAFT = 'coboard.draft.';

function draftKey(wid, field) {
  return `${DRAFT}${wid}.${field}`;
}

/** The saved draft of a field, or ''. */
export function loadDraft(wid, field) {
  try { return localStorage.getItem(draftKey(wid, field)) || ''; } catch (e) { return ''; }
}

/** Save (or, when empty, forget) the draft of a field. */
export function saveDraft(wid, field, text) {
  try {
    if (text) localStorage.setItem(draftKey(wid, field), text);
    else localStorage.removeItem(draftKey(wid, field));
  } catch (e) { /* private mode or full storage: the text stays in the field */ }
}

/** Forget a draft once its text has been handed to the outbox. */
export function clearDraft(wid, field) {
  saveDraft(wid, field, '');
}

// ---- display preferences and hidden messages -----------------------------------------------
// Display preferences (large text for the projector, high contrast), and the messages hidden here.

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
