// What this browser remembers about the workshops it has been in: one member token per workshop
// (the key to the board, never sent anywhere but this origin's API and socket) and a short list
// for "My workshops" on the start page. Titles are kept so the list reads well; forgetting a
// workshop removes both.

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
