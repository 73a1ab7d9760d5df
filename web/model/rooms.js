// Pure selectors for rooms, hands, timers, chat and polls (no DOM: `node --test` runs them).
// They take a records map (`view(store)`), like the selectors in state.js.
import { t, tn } from '../app/i18n.js';
import { isStaff, workshop } from './store.js';
import { tableName } from '../app/words.js';

function all(recs, kind) {
  const out = [];
  for (const r of recs.values()) if (r.kind === kind) out.push(r);
  return out;
}

export { isStaff };

/** Every room: the main room first, then tables by number, then the chill-out room. */
export function rooms(recs) {
  const rank = { main: 0, table: 1, chill_out: 2 };
  return all(recs, 'room').sort((a, b) => (rank[a.type] ?? 3) - (rank[b.type] ?? 3) || (a.number ?? 0) - (b.number ?? 0)
    || String(a.name).localeCompare(String(b.name)));
}

export function mainRoom(recs) {
  return rooms(recs).find((r) => r.type === 'main') || null;
}

export function chillOutRoom(recs) {
  return rooms(recs).find((r) => r.type === 'chill_out') || null;
}

/** The tables (breakout rooms), by number. */
export function tables(recs) {
  return rooms(recs).filter((r) => r.type === 'table');
}

/** A room's name for people: "Main room", "Table 2", "Chill-out room". */
export function roomName(recs, roomId) {
  const r = roomId ? recs.get(roomId) : null;
  // The server's default names ("Main room", "Table 2") are shown in the reader's language;
  // a name the facilitator gave is shown as written.
  if (!r) return t('Main room');
  if (r.type === 'main') return r.name && r.name !== 'main' && r.name !== 'Main room' ? r.name : t('Main room'); // a value, not words
  if (r.type === 'chill_out') return r.name && r.name !== 'Chill-out room' ? r.name : t('Chill-out room'); // a value, not words
  return tableName(r);
}

/** The room a person is in (the main room when not known). */
export function roomOf(recs, person) {
  if (person && person.room_id && recs.get(person.room_id)) return recs.get(person.room_id);
  return mainRoom(recs);
}

/** True when the person is in the chill-out room. */
export function inChillOut(recs, person) {
  const r = roomOf(recs, person);
  return Boolean(r && r.type === 'chill_out');
}

/** The workshop's breakout state: {status, choose, ends_at} or null. */
export function breakout(recs) {
  for (const r of recs.values()) if (r.kind === 'workshop') return r.breakout || null;
  return null;
}

export function breakoutOpen(recs) {
  const b = breakout(recs);
  return Boolean(b && b.status === 'open');
}

/** People (not projectors) whose room is `roomId`, by name. */
export function peopleIn(recs, roomId) {
  const main = mainRoom(recs);
  return all(recs, 'participant')
    .filter((p) => p.role !== 'projector' && ((p.room_id || (main && main.id)) === roomId))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

/** People with a raised hand, in the order they raised it. */
export function handsRaised(recs) {
  return all(recs, 'participant').filter((p) => p.hand_raised)
    .sort((a, b) => String(a.hand_raised_at || '').localeCompare(String(b.hand_raised_at || '')) || String(a.id).localeCompare(String(b.id)));
}

/** A connection "keeps dropping" after two comebacks. */
export function connectionTrouble(reconnects) {
  return (Number(reconnects) || 0) >= 2;
}

// ---- timers ---------------------------------------------------------------------------

/** Seconds left until an ISO time (never below 0). */
export function secondsLeft(endsAt, now = Date.now()) {
  const end = Date.parse(endsAt);
  if (Number.isNaN(end)) return 0;
  return Math.max(0, Math.ceil((end - now) / 1000));
}

/** 75 → "01:15"; an hour or more → "1:02:05". */
export function mmss(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const two = (n) => String(n).padStart(2, '0');
  return hh ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`;
}

/** "1 minute 15 seconds": the countdown in words, for screen readers. */
export function inWords(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  const parts = [];
  if (m) parts.push(tn('{n} minute', '{n} minutes', m));
  if (s || !m) parts.push(tn('{n} second', '{n} seconds', s));
  return parts.join(' ');
}

/**
 * The countdowns that apply to a room: running timers for every room or for this room, and the
 * breakout's end while breakouts are open. Each: {id, label, ends_at, room_id}. Ended ones are
 * kept for a minute (they show 00:00) so people see that time is up.
 */
export function timersFor(recs, roomId, now = Date.now(), all_ = false) {
  const out = [];
  for (const timer of all(recs, 'timer')) {
    if (timer.status !== 'running') continue;
    if (!all_ && timer.room_id && timer.room_id !== roomId) continue;
    if (Date.parse(timer.ends_at) < now - 60000) continue;
    out.push({ id: timer.id, label: timer.label || t('Timer'), ends_at: timer.ends_at, room_id: timer.room_id || null, timer: true, started_at: timer.started_at });
  }
  const b = breakout(recs);
  if (b && b.status === 'open' && b.ends_at && Date.parse(b.ends_at) >= now - 60000) {
    out.push({ id: `breakout-${b.opened_at || ''}`, label: t('Breakout rooms'), ends_at: b.ends_at, room_id: null, timer: false, started_at: b.opened_at });
  }
  return out.sort((a, b) => String(a.ends_at).localeCompare(String(b.ends_at)));
}

/**
 * Whether something started or sent at `at` belongs to the activity on now: the workshop's
 * `activity_at` is when the agenda step (or the day) last changed. A workshop that never moved on
 * (or moved before the server kept the time) leaves everything current.
 */
export function sinceActivity(recs, at) {
  const w = workshop(recs);
  const moved = Date.parse((w && w.activity_at) || '');
  if (Number.isNaN(moved)) return true;
  const when = Date.parse(at || '');
  return !Number.isNaN(when) && when >= moved;
}

/**
 * The countdowns to show in a room's banner: running ones, and those that ended (kept a minute,
 * "time is up") only while the activity they were started in is still on.
 */
export function bannerTimers(recs, roomId, now = Date.now()) {
  return timersFor(recs, roomId, now).filter((x) => Date.parse(x.ends_at) > now || sinceActivity(recs, x.started_at));
}

/** The message to every room to show at the top: the newest, when it was sent during this activity. */
export function currentAnnouncement(recs) {
  const latest = announcements(recs)[0];
  return latest && sinceActivity(recs, latest.at) ? latest : null;
}

// ---- chat -----------------------------------------------------------------------------

function byAt(a, b) {
  return String(a.at || '').localeCompare(String(b.at || '')) || String(a.id).localeCompare(String(b.id));
}

/** Messages of one channel: a room id, or null for "Everyone" (announcements included). */
export function chatOf(recs, roomId) {
  return all(recs, 'chat').filter((m) => (m.room_id || null) === (roomId || null)).sort(byAt);
}

/** The channel a chat message belongs to: its room's id, or "everyone". */
export function chatChannel(m) {
  return m.room_id || 'everyone';
}

/**
 * Messages others wrote that this person has not seen yet, by channel (room id or "everyone").
 * seen: {channel: the `at` of the last message seen there, $since: before this, all counts as
 * seen (the first visit)}. Announcements are shown to everyone at the top: never unread here.
 */
export function unreadChats(recs, me, seen) {
  const out = new Map();
  for (const m of all(recs, 'chat')) {
    if (m.announcement || (me && m.by === me.id)) continue;
    const key = chatChannel(m);
    const mark = seen[key] || seen.$since || '';
    if (String(m.at || '') <= mark) continue;
    out.set(key, (out.get(key) || 0) + 1);
  }
  return out;
}

/** The `at` of the newest chat message (the "seen up to" mark for a first visit). */
export function latestChatAt(recs, channel = null) {
  let at = '';
  for (const m of all(recs, 'chat')) if ((channel === null || chatChannel(m) === channel) && String(m.at || '') > at) at = String(m.at);
  return at;
}

/** Announcements to every room (breakout.broadcast), newest first. */
export function announcements(recs) {
  return all(recs, 'chat').filter((m) => m.announcement && !m.hidden).sort(byAt).reverse();
}

// ---- polls ----------------------------------------------------------------------------

/** Polls for a person: every room's and their room's; open ones first, newest first. */
export function pollsFor(recs, me, roomId, everyRoom = false) {
  return all(recs, 'poll')
    .filter((p) => everyRoom || !p.room_id || p.room_id === roomId)
    .sort((a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1)
      || String(b.created_at || '').localeCompare(String(a.created_at || '')));
}

/** My answer to a poll, or null. */
export function myAnswer(recs, pollId, meId) {
  return all(recs, 'poll_answer').find((a) => a.poll_id === pollId && a.voter_id === meId) || null;
}

/**
 * Whether the results wait for the close for everyone, staff included: an anonymous poll is counted
 * only when it closes (rule Q1), so nobody can match a change in the counts to a person answering.
 */
export function resultsWait(poll) {
  return Boolean(poll.anonymous) && poll.status === 'open';
}

/** An anonymous poll that closed with too few answers to show (rule Q2: fewer than LABELS.pollMinAnswers). */
export function tooFewToShow(poll) {
  return Boolean(poll.anonymous) && poll.status === 'closed' && !poll.counts;
}

/** Whether the results may be shown to this person now. */
export function resultsVisible(poll, me) {
  if (resultsWait(poll) || tooFewToShow(poll)) return false;
  return isStaff(me) || poll.status === 'closed' || poll.show === 'live';
}

/** The results: [{option, count, percent, names}] (names only for named polls seen by staff). */
export function pollResults(recs, poll) {
  const counts = poll.counts || [];
  const total = poll.answered || 0;
  const answers = poll.anonymous ? [] : all(recs, 'poll_answer').filter((a) => a.poll_id === poll.id);
  return (poll.options || []).map((option, i) => ({
    option,
    count: counts[i] || 0,
    percent: total ? Math.round(((counts[i] || 0) * 100) / total) : 0,
    names: answers.filter((a) => (a.choices || []).includes(i)).map((a) => a.voter_name || t('Someone')).sort(),
  }));
}

/** Options typed one per line → the poll's options (blank lines dropped). */
export function parseOptions(text) {
  return String(text || '').split('\n').map((s) => s.trim()).filter(Boolean);
}

/**
 * People whose visit to the chill-out room no facilitator or host has marked as seen yet. Kept in
 * their records (`chill_out_alert`), so every staff page shows it, also after a reload, until one
 * of the staff presses "Seen".
 */
export function unseenChillOuts(recs) {
  return [...recs.values()]
    .filter((r) => r.kind === 'participant' && r.chill_out_alert && !r.chill_out_alert.seen_by)
    .sort((a, b) => String(a.chill_out_alert.at).localeCompare(String(b.chill_out_alert.at)));
}
