// After the workshop as pure data: the action plans followed for months (status, history,
// check-ins) and the reflective feedback. No DOM, no socket: `node --test` runs it. The words
// of the process (statuses, labels, the feedback questions) come from web/protocol.js.
import { LABELS } from '../protocol_all.js';
import { t, dayInWords } from '../app/i18n.js';

export { dayInWords }; // "26 February 2027", "26 Chwefror 2027" (app/i18n.js: Intl in the reader's language)
import { isStaff } from './store.js';

/** Today as YYYY-MM-DD (UTC, as the server counts days). */
export function todayIso(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

/** A feedback round's statements in the reader's language: {key: text}. The server stores each with its place
 *  filled in English ("We are focused on making our area better for everyone"); one stored as the guide's
 *  statement is said from the catalogue with the place (the default "our area" said too, a place someone named as
 *  written), as the report does (server/exports/report_review.py _rating_text); any other as stored. */
export function ratingStatements(f) {
  const stored = (f && f.questions) || LABELS.feedbackRatings;
  const place = f && f.place && f.place !== LABELS.feedbackPlace ? f.place : t(LABELS.feedbackPlace);
  const out = {};
  for (const [key, text] of Object.entries(stored)) {
    const guide = LABELS.feedbackRatings[key];
    const asStored = guide && (text === guide || text === guide.replace('{place}', (f && f.place) || LABELS.feedbackPlace));
    out[key] = asStored ? t(guide, { place }) : text;
  }
  return out;
}

/** A plan's status in the reader's language (the protocol's English is the msgid). */
export function statusLabel(status) {
  return LABELS.planStatuses[status] ? t(LABELS.planStatuses[status]) : status;
}

const DEFAULT_CHECKINS = LABELS.followUp.map((f) => f.label);

/** A check-in's label: one of the guide's ("3 months") in the reader's language, one someone wrote as written. */
export function checkinLabel(checkin) {
  return DEFAULT_CHECKINS.includes(checkin.label) ? t(checkin.label) : checkin.label;
}

/** A feedback round's title: a default one (LABELS.feedbackTitles, as the server stores it) in the
 *  reader's language, one someone wrote as written (as the report does: server/exports/report_review.py). */
export function feedbackTitle(f, recs) {
  const titles = LABELS.feedbackTitles;
  const checkin = f.checkin_id && recs ? recs.get(f.checkin_id) : null;
  if (checkin && f.title === titles.checkin.replace('{label}', checkin.label)) return t(titles.checkin, { label: checkinLabel(checkin) });
  return f.title === titles.default ? t(titles.default) : f.title;
}

/** Whether a status needs a reason (stuck, stopped, at risk). */
export function needsReason(status) {
  return LABELS.statusNeedsReason.includes(status);
}

/** "On track", or "Stuck: Waiting for the bus company" when the latest change gave a reason. */
export function statusWords(plan) {
  const status = plan.status || 'planned';
  const history = plan.history || [];
  const latest = history[history.length - 1];
  const reason = latest && latest.status === status ? latest.reason : null;
  return reason ? `${statusLabel(status)}: ${reason}` : statusLabel(status);
}

export function plans(recs) {
  return [...recs.values()].filter((r) => r.kind === 'action_plan');
}

/** Plans in table order (table number, then when they were made). */
export function plansInTableOrder(recs) {
  const order = (p) => {
    const board = recs.get(p.board_id);
    const room = board ? recs.get(board.room_id) : null;
    return [room && room.number != null ? room.number : 10000, p.created_at || '', p.id];
  };
  return plans(recs).sort((a, b) => {
    const x = order(a); const y = order(b);
    for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
}

export function checkinsOf(recs, planId) {
  return [...recs.values()].filter((r) => r.kind === 'checkin' && r.plan_id === planId)
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : (a.id < b.id ? -1 : 1)));
}

/** The first check-in still to do, or null. */
export function nextCheckin(recs, planId) {
  return checkinsOf(recs, planId).find((c) => c.status === 'due') || null;
}

export function isDue(checkin, today) {
  return checkin.status === 'due' && checkin.due <= today;
}

/** "3 months: 26 February 2027", "3 months: due now (since 26 February 2027)", "3 months: done". */
export function checkinWords(checkin, today) {
  const label = checkinLabel(checkin);
  if (checkin.status === 'done') return t('{label}: done', { label });
  if (checkin.due < today) return t('{label}: due now (since {when})', { label, when: dayInWords(checkin.due) });
  if (checkin.due === today) return t('{label}: due today', { label });
  return `${label}: ${dayInWords(checkin.due)}`; // as the server's checkin_view says it
}

/** The latest news of a plan: the last status change with a reason, or its last recorded check-in. */
export function lastUpdate(recs, plan) {
  const history = plan.history || [];
  const withReason = [...history].reverse().find((h) => h.reason) || null;
  return withReason ? { at: withReason.at, words: `${statusLabel(withReason.status)}: ${withReason.reason}`, by: withReason.by } : null;
}

export { isStaff };

export function leads(plan, me) {
  return Boolean(me) && plan.lead_id === me.id;
}

/** Whether this person may follow a plan up (staff, its lead). */
export function mayFollowUp(plan, me) {
  return isStaff(me) || leads(plan, me);
}

/** Whether this person may record a check-in (also the people of the plan's table). */
export function mayRecord(recs, plan, me) {
  if (mayFollowUp(plan, me)) return true;
  const board = recs.get(plan.board_id);
  return Boolean(me && board && me.table_id && me.table_id === board.room_id);
}

/** The plans a person follows up on their screen: every plan for staff, their own for a lead. */
export function plansToFollow(recs, me) {
  return plansInTableOrder(recs).filter((p) => mayFollowUp(p, me));
}

/** The check-ins due by today that this person should see: staff every plan's, a lead their own. */
export function dueCheckins(recs, me, today) {
  return plansToFollow(recs, me).flatMap((p) => checkinsOf(recs, p.id).filter((c) => isDue(c, today)).map((c) => ({ plan: p, checkin: c })));
}

/** A lead coming back after the workshop (their plan's check-ins are planned) lands on their plan. */
export function comesBackToFollowUp(recs, me) {
  return Boolean(me) && plans(recs).some((p) => leads(p, me) && (p.follow_up_start || checkinsOf(recs, p.id).length));
}

// ---- reflective feedback ----------------------------------------------------------------------

export function feedbackRounds(recs) {
  return [...recs.values()].filter((r) => r.kind === 'feedback')
    .sort((a, b) => (a.opened_at < b.opened_at ? -1 : a.opened_at > b.opened_at ? 1 : 0));
}

export function openFeedback(recs) {
  return feedbackRounds(recs).find((f) => f.status === 'open') || null;
}

/** An answer from the form's values: only what was given (every question is optional). */
export function feedbackAnswer(values) {
  const out = {};
  for (const key of [...Object.keys(LABELS.feedbackRatings), 'satisfaction']) {
    const n = Number(values[key]);
    if (Number.isInteger(n) && n >= 1 && n <= 5) out[key] = n;
  }
  const words = (values.words || []).map((w) => String(w || '').trim()).filter(Boolean);
  if (words.length) out.words = words;
  for (const key of ['self_word', ...LABELS.feedbackTexts]) {
    const text = String(values[key] || '').trim();
    if (text) out[key] = text;
  }
  return out;
}
