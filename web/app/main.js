// The router: start page, join page (by link or by code alone), or board, chosen from location.pathname.
import { setupLiveRegions } from '../ui/announce.js';
import { applyPrefs } from './session.js';
import {
  t, loadLanguage, pickLanguage, chosenLanguage, tellServerLanguage, workshopLanguage, usePlainWords, chosenPlainWords,
} from './i18n.js';

/** Which view a path shows, and its parameters. */
export function route(pathname) {
  let m;
  if (pathname === '/' || pathname === '') return { view: 'start' };
  if (/^\/join\/?$/.test(pathname)) return { view: 'join', wid: null };
  if ((m = /^\/w\/([^/]+)\/join\/?$/.exec(pathname))) return { view: 'join', wid: decodeURIComponent(m[1]) };
  if ((m = /^\/w\/([^/]+)\/?$/.exec(pathname))) return { view: 'board', wid: decodeURIComponent(m[1]) };
  return { view: 'not_found' };
}

/** The join code a link carries: in the fragment (#code=…, kept out of server logs) or, for old links, the query. */
export function joinCodeOf(hash, search) {
  const fromHash = new URLSearchParams(String(hash || '').replace(/^#/, '')).get('code');
  return fromHash || new URLSearchParams(search || '').get('code') || '';
}

// Each page is its own module, loaded when needed: a participant's phone never fetches the start page.
const PAGES = {
  start: () => import('../screens/start.js'),
  join: () => import('../screens/join.js'),
  board: () => import('./shell.js'),
  not_found: () => import('../screens/not_found.js'),
};

async function main() {
  applyPrefs();
  const r = route(location.pathname);
  // The catalogue is loaded before any page module, so strings made when a module loads are translated too.
  if (chosenLanguage()) tellServerLanguage(chosenLanguage()); // chosen before the server read the cookie
  await loadLanguage(pickLanguage({ chosen: chosenLanguage(), workshop: workshopLanguage(r.wid), browser: navigator.languages || [] }));
  usePlainWords(chosenPlainWords());
  document.documentElement.classList.toggle('plain-words', chosenPlainWords());
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('Skip to main content');
  setupLiveRegions();
  const root = document.getElementById('app');
  const page = await PAGES[r.view]();
  if (r.view === 'join') {
    const code = joinCodeOf(location.hash, location.search);
    // The code has done its job in the address: keep it out of the history and of shared screenshots.
    if (location.hash || location.search) history.replaceState(null, '', location.pathname);
    // Another link pasted into this tab differs only after '#': read it afresh.
    window.addEventListener('hashchange', () => location.reload());
    page.render(root, { wid: r.wid, code });
  } else if (r.view === 'board') page.render(root, { wid: r.wid });
  else page.render(root);
}

if (typeof document !== 'undefined') main();
