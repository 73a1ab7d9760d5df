// The one place the page calls the server's API outside the socket (apiFetch), and the helper for JSON calls.
import { t, currentLanguage, PAGE_LANGUAGE } from './i18n.js';

/** fetch() to the server's API, saying the language the page shows (X-Coboard-Language): the server writes
 *  its refusals in it, before the person joins and after (server/i18n visitor_language), so an error it
 *  sends is in the words around it even where the server's own order (the cookie, the workshop's default,
 *  Accept-Language) would pick another. Every call to /api/ goes through here (web/tests/http.test.js). */
export function apiFetch(url, init = {}) {
  return fetch(url, { ...init, headers: { [PAGE_LANGUAGE]: currentLanguage(), ...(init.headers || {}) } });
}

/** POST JSON; resolves {ok, status, body}. Network failures come back as a readable message. */
export async function postJSON(url, body, { token = null } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const r = await apiFetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    return { ok: r.ok, status: r.status, body: data };
  } catch (e) {
    return { ok: false, status: 0, body: { code: 'offline', message: t('Coboard could not be reached. Check your internet connection and try again.') } };
  }
}
