// The one helper for JSON calls to the server's API outside the socket.
import { t, currentLanguage, PAGE_LANGUAGE } from './i18n.js';

/** POST JSON; resolves {ok, status, body}. Network failures come back as a readable message.
 *  Says the language the page shows: before the person joins, the server answers in it. */
export async function postJSON(url, body, { token = null } = {}) {
  const headers = { 'Content-Type': 'application/json', [PAGE_LANGUAGE]: currentLanguage() };
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    return { ok: r.ok, status: r.status, body: data };
  } catch (e) {
    return { ok: false, status: 0, body: { code: 'offline', message: t('Coboard could not be reached. Check your internet connection and try again.') } };
  }
}
