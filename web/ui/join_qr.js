// How to join, as the server says it (server/api/qr.py, staff and the projector only): the join
// page's short address with the code, and its QR code drawn by segno. One source for the
// projector's wall and the facilitator's Invite panel; the code travels in the fragment.
import { request } from './files.js';

const asked = new Map(); // `${wid}|${code}` → a promise of {info, qr}

/**
 * {info: {join_code, short_url, url} | null, qr: an object URL of the QR's SVG | null}, fetched once
 * per workshop and code (a new code gets a new picture); what failed is asked again next time.
 */
export function joinDetails(wid, code = '') {
  const key = `${wid}|${code}`;
  if (!asked.has(key)) {
    asked.set(key, Promise.all([request(wid, '/join-info'), request(wid, '/join-qr.svg', { as: 'blob' })]).then(([info, qr]) => {
      if (!info.ok || !qr.ok) asked.delete(key);
      return { info: info.ok ? info.body : null, qr: qr.ok ? URL.createObjectURL(qr.blob) : null };
    }));
  }
  return asked.get(key);
}

/** "example.org/join": the address without its scheme, as people type it. */
export function shortAddress(url) {
  return String(url || '').replace(/^https?:\/\//, '');
}

/** "K7P 2QX": a code read aloud and copied from the wall is easier in two halves. */
export function spaced(code) {
  const c = String(code || '');
  return c.length > 4 ? `${c.slice(0, Math.ceil(c.length / 2))} ${c.slice(Math.ceil(c.length / 2))}` : c;
}
