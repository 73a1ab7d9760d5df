// The router: start page, join page, or board, chosen from location.pathname.
import { setupLiveRegions } from './a11y.js';
import { applyPrefs } from './prefs.js';
import * as start from './views/start.js';
import * as join from './views/join.js';
import * as board from './views/board.js';
import * as notFound from './views/not_found.js';

/** Which view a path shows, and its parameters. */
export function route(pathname) {
  let m;
  if (pathname === '/' || pathname === '') return { view: 'start' };
  if ((m = /^\/w\/([^/]+)\/join\/?$/.exec(pathname))) return { view: 'join', wid: decodeURIComponent(m[1]) };
  if ((m = /^\/w\/([^/]+)\/?$/.exec(pathname))) return { view: 'board', wid: decodeURIComponent(m[1]) };
  return { view: 'not_found' };
}

function main() {
  applyPrefs();
  setupLiveRegions();
  const root = document.getElementById('app');
  const r = route(location.pathname);
  const params = new URLSearchParams(location.search);
  if (r.view === 'start') start.render(root);
  else if (r.view === 'join') join.render(root, { wid: r.wid, code: params.get('code') || '' });
  else if (r.view === 'board') board.render(root, { wid: r.wid });
  else notFound.render(root);
}

main();
