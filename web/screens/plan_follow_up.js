// Following a plan up after the workshop (stage 7), for its lead and for staff: check-ins that
// are due, recording what happened, the plan's status with a reason when it is in trouble (the
// guide's stuck-plan questions offered), baseline and indicators, and the check-ins as a
// calendar file. A lead coming back months later lands here, on their plan.
import { h } from '../ui/dom.js';
import { t } from '../app/i18n.js';
import { apiFetch } from '../app/http.js';
import { announce } from '../ui/announce.js';
import { registerScreen } from '../app/screens.js';
import { LABELS, LIMITS } from '../protocol_all.js';
import {
  plansToFollow, statusWords, checkinsOf, checkinWords, checkinLabel, isDue, mayRecord, needsReason, comesBackToFollowUp,
  dueCheckins, dayInWords, todayIso, isStaff, leads, openFeedback as openFeedbackNow, statusLabel,
} from '../model/after.js';

function state(ctx) {
  if (!ctx.ui.followUp) ctx.ui.followUp = { plan: null, status: {}, errors: {} };
  return ctx.ui.followUp;
}

function redraw(ctx) {
  if (ctx.act && ctx.act.redraw) ctx.act.redraw();
}

function statusOptions(selected) {
  return Object.entries(LABELS.planStatuses).map(([key, label]) => h('option', { value: key, selected: key === selected ? true : null, key }, t(label)));
}

/** Wait for an intent's ack; a refusal is shown next to the form it came from and read out. */
async function sendFrom(ctx, formKey, sending, done) {
  const s = state(ctx);
  const r = await sending;
  if (r && r.ok === false) {
    s.errors[formKey] = (r.err && r.err.message) || t('That was not saved.');
    announce(s.errors[formKey]);
  } else {
    s.errors[formKey] = null;
    if (done) done();
  }
  redraw(ctx);
  return r;
}

function errorOf(ctx, key) {
  const msg = state(ctx).errors[key];
  return msg ? h('p', { class: 'field-error', role: 'alert', key: `err-${key}` }, h('span', { class: 'visually-hidden' }, t('Error: ')), msg) : null;
}

async function downloadCalendar(ctx, plan) {
  const r = await apiFetch(`/api/workshops/${encodeURIComponent(ctx.wid)}/plans/${encodeURIComponent(plan.id)}/checkins.ics`,
    { headers: { Authorization: `Bearer ${ctx.conn.token}` } });
  if (!r.ok) { ctx.act.say(t('The calendar file could not be made.'), 'error'); return; }
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `checkins-${(plan.code || 'plan').replace(/\+/g, '-')}.ics`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function checkinItem(recs, ctx, plan, c, today) {
  const me = ctx.store.me;
  const canRecord = c.status === 'due' && mayRecord(recs, plan, me) && !ctx.readOnly;
  const key = `rec-${c.id}`;
  const chosen = state(ctx).status[key] || plan.status || 'on_track';
  return h('li', { key: c.id, class: `checkin checkin-${c.status}${isDue(c, today) ? ' is-due' : ''}` },
    h('p', null, h('strong', null, checkinWords(c, today))),
    c.status === 'done' ? h('p', { class: 'checkin-note' }, c.note) : null,
    c.status === 'done' && (c.corrections || []).length ? h('p', { class: 'checkin-corrected', key: `corr-${c.id}` },
      t('Corrected: {reason}', { reason: c.corrections[c.corrections.length - 1].reason })) : null,
    c.status === 'done' && !ctx.readOnly && (isStaff(me) || leads(plan, me)) ? correctForm(ctx, c) : null,
    isStaff(me) && !ctx.readOnly && isDue(c, today) && !openFeedbackNow(recs) ? h('button', {
      type: 'button', class: 'small', key: `fb-${c.id}`,
      onclick: () => sendFrom(ctx, key, ctx.intent.openFeedback({ checkinId: c.id }),
        () => announce(t('Feedback questionnaire open for this check-in.'))),
    }, t('Ask for reflective feedback at this check-in')) : null,
    canRecord && isDue(c, today) ? h('form', {
      class: 'checkin-record', key: `form-${c.id}`, novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const note = form.querySelector(`#note-${c.id}`).value.trim();
        const planStatus = form.querySelector(`#status-${c.id}`).value;
        sendFrom(ctx, key, ctx.intent.recordCheckin(c.id, note, planStatus),
          () => announce(t('Check-in recorded. The plan is now {status}.', { status: statusLabel(planStatus) })));
      },
    },
    h('label', { for: `note-${c.id}` }, t('What has happened since the workshop?')),
    h('textarea', { id: `note-${c.id}`, rows: 3, maxlength: String(LIMITS.CHECKIN_NOTE), key: `note-${c.id}`, required: true }),
    h('label', { for: `status-${c.id}` }, t('How is the plan now?')),
    h('select', {
      id: `status-${c.id}`, key: `status-${c.id}`,
      onchange: (e) => { state(ctx).status[key] = e.currentTarget.value; redraw(ctx); },
    }, statusOptions(chosen)),
    chosen === 'stuck' ? stuckQuestions(`stuck-${c.id}`) : null,
    errorOf(ctx, key),
    h('button', { type: 'submit' }, t('Record this check-in'))) : null);
}

/** Put right a recorded check-in's wrong note or status, saying why (`checkin.correct`, kept in its story). */
function correctForm(ctx, c) {
  const key = `corr-form-${c.id}`;
  return h('details', { class: 'checkin-correct', key },
    h('summary', null, t('Correct this check-in')),
    h('form', {
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const note = form.querySelector(`#corr-note-${c.id}`).value.trim();
        const planStatus = form.querySelector(`#corr-status-${c.id}`).value;
        const reason = form.querySelector(`#corr-reason-${c.id}`).value.trim();
        const changes = { note: note !== c.note ? note : undefined, planStatus: planStatus !== c.plan_status ? planStatus : undefined };
        sendFrom(ctx, key, ctx.intent.correctCheckin(c.id, reason, changes), () => {
          form.querySelector(`#corr-reason-${c.id}`).value = '';
          form.closest('details').open = false;
          announce(t('Check-in corrected.'));
        });
      },
    },
    h('label', { for: `corr-note-${c.id}` }, t('What happened')),
    h('textarea', { id: `corr-note-${c.id}`, rows: 3, maxlength: String(LIMITS.CHECKIN_NOTE), value: c.note, key: `corr-note-${c.id}` }),
    h('label', { for: `corr-status-${c.id}` }, t('How the plan was then')),
    h('select', { id: `corr-status-${c.id}`, key: `corr-status-${c.id}` }, statusOptions(c.plan_status)),
    h('label', { for: `corr-reason-${c.id}` }, t('Why is it corrected? (needed)')),
    h('textarea', { id: `corr-reason-${c.id}`, rows: 2, maxlength: String(LIMITS.REASON), key: `corr-reason-${c.id}`, required: true }),
    errorOf(ctx, key),
    h('button', { type: 'submit' }, t('Save the correction'))));
}

function stuckQuestions(id) {
  return h('div', { class: 'stuck-questions', id, key: id },
    h('p', null, h('strong', null, t('If things are stuck, the guide asks:'))),
    h('ul', null, LABELS.stuckQuestions.map((q) => h('li', { key: q }, t(q)))));
}

function statusForm(recs, ctx, plan) {
  const s = state(ctx);
  const key = `status-${plan.id}`;
  const chosen = s.status[key] || plan.status || 'planned';
  const hintId = `reason-hint-${plan.id}`;
  return h('form', {
    class: 'plan-status-form', key, novalidate: true, 'aria-labelledby': `status-title-${plan.id}`,
    onsubmit: (e) => {
      e.preventDefault();
      const form = e.currentTarget;
      const status = form.querySelector(`#plan-status-${plan.id}`).value;
      const reason = form.querySelector(`#plan-reason-${plan.id}`).value.trim();
      if (needsReason(status) && !reason) {
        s.errors[key] = t('Please say why the plan is {status}: people who took part will read it.', { status: statusLabel(status).toLowerCase() });
        announce(s.errors[key]);
        redraw(ctx);
        form.querySelector(`#plan-reason-${plan.id}`).focus();
        return;
      }
      sendFrom(ctx, key, ctx.intent.setPlanStatus(plan.id, status, reason),
        () => { form.querySelector(`#plan-reason-${plan.id}`).value = ''; announce(t('The plan is now {status}.', { status: statusLabel(status) })); });
    },
  },
  h('h3', { id: `status-title-${plan.id}` }, t('Change the plan\'s status')),
  h('label', { for: `plan-status-${plan.id}` }, t('Status')),
  h('select', {
    id: `plan-status-${plan.id}`, key: `plan-status-${plan.id}`,
    onchange: (e) => { s.status[key] = e.currentTarget.value; redraw(ctx); },
  }, statusOptions(chosen)),
  h('label', { for: `plan-reason-${plan.id}` }, needsReason(chosen) ? t('Why? (needed)') : t('Why? (optional)')),
  h('p', { class: 'hint', id: hintId }, t('Say what changed and why, in plain words. Everyone who took part can read it.')),
  chosen === 'stuck' ? stuckQuestions(`stuck-${plan.id}`) : null,
  h('textarea', { id: `plan-reason-${plan.id}`, rows: 2, maxlength: String(LIMITS.REASON), 'aria-describedby': hintId, key: `plan-reason-${plan.id}`, required: needsReason(chosen) }),
  errorOf(ctx, key),
  h('button', { type: 'submit' }, t('Save the status')));
}

function textField(ctx, plan, field) {
  const key = `field-${plan.id}-${field}`;
  return h('form', {
    class: 'plan-follow-field', key, novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      const text = e.currentTarget.querySelector(`#${key}`).value.trim();
      sendFrom(ctx, key, ctx.intent.updatePlan(plan.id, field, text), () => announce(t('Saved.')));
    },
  },
  h('label', { for: key }, t(LABELS.planFollowUpFields[field])),
  h('textarea', { id: key, rows: 2, maxlength: String(LIMITS.PLAN_FIELD), value: plan[field] || '', key: `${key}-input` }),
  errorOf(ctx, key),
  h('button', { type: 'submit', class: 'small' }, t('Save'), h('span', { class: 'visually-hidden' }, ` ${t(LABELS.planFollowUpFields[field])}`)));
}

function addCheckin(ctx, plan) {
  const key = `add-${plan.id}`;
  return h('form', {
    class: 'checkin-add', key, novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      const form = e.currentTarget;
      const due = form.querySelector(`#due-${plan.id}`).value;
      const label = form.querySelector(`#label-${plan.id}`).value.trim();
      sendFrom(ctx, key, ctx.intent.addCheckin(plan.id, due, label), () => announce(t('Check-in added.')));
    },
  },
  h('h3', null, t('Add a check-in')),
  h('label', { for: `label-${plan.id}` }, t('Name, like "Mop-up meeting"')),
  h('input', { id: `label-${plan.id}`, type: 'text', maxlength: String(LIMITS.CHECKIN_LABEL), key: `label-${plan.id}` }),
  h('label', { for: `due-${plan.id}` }, t('Date')),
  h('input', { id: `due-${plan.id}`, type: 'date', key: `due-${plan.id}` }),
  errorOf(ctx, key),
  h('button', { type: 'submit', class: 'small' }, t('Add the check-in')));
}

function planSection(recs, ctx, plan, today) {
  const checkins = checkinsOf(recs, plan.id);
  const key = `followup-${plan.id}`;
  return h('section', { class: 'follow-up-plan', key: `plan-${plan.id}`, 'data-plan-id': plan.id, 'aria-labelledby': `fu-${plan.id}` },
    h('h2', { id: `fu-${plan.id}` }, t('Follow up: '), plan.code ? h('span', { class: 'd2-code' }, `${plan.code} `) : null, plan.idea_text),
    h('p', { class: 'progress-status' }, t('Now: '), h('strong', null, statusWords(plan))),
    plan.fields && plan.fields.aim ? h('p', null, t('Aim: {aim}', { aim: plan.fields.aim })) : null,
    h('h3', null, t('Check-ins')),
    checkins.length ? h('ul', { class: 'checkins', key: 'checkins' }, checkins.map((c) => checkinItem(recs, ctx, plan, c, today))) : [
      h('p', { key: 'none' }, t('No check-ins yet. The guide suggests three: after 2–4 weeks to check and challenge the plan, then at 3 and 6 months.')),
      h('button', {
        type: 'button', key: 'plan-them', 'data-focus-key': `plan-checkins-${plan.id}`,
        onclick: () => sendFrom(ctx, key, ctx.intent.followUpPlan(plan.id), () => announce(t('Three check-ins planned.'))),
      }, t('Plan the three check-ins')),
      errorOf(ctx, key),
    ],
    checkins.length ? h('button', { type: 'button', class: 'small', key: 'ics', onclick: () => downloadCalendar(ctx, plan) }, t('Add the check-ins to my calendar (.ics file)')) : null,
    statusForm(recs, ctx, plan),
    h('h3', null, t('Where we started and how we will know')),
    textField(ctx, plan, 'baseline'),
    textField(ctx, plan, 'indicators'),
    addCheckin(ctx, plan));
}

export function renderFollowUp(recs, ctx) {
  const me = ctx.store.me;
  const mine = plansToFollow(recs, me);
  const today = todayIso();
  if (!mine.length) return h('p', { class: 'empty', key: 'none' }, t('You do not lead an action plan.'));
  const s = state(ctx);
  const due = dueCheckins(recs, me, today);
  const current = mine.find((p) => p.id === s.plan) || (due[0] && due[0].plan) || mine[0];
  // On a phone the header and the menu fill the first screen: bring the plan into view once, on landing.
  const landing = (el) => {
    if (s.landed) return;
    s.landed = true;
    requestAnimationFrame(() => el.scrollIntoView({ block: 'start' }));
  };
  return [
    due.length ? h('section', { class: 'due-now', key: 'due', 'aria-labelledby': 'due-title', oncreate: landing },
      h('h2', { id: 'due-title' }, t('Check-ins due now')),
      h('ul', null, due.map(({ plan, checkin }) => h('li', { key: checkin.id },
        `${plan.code ? `${plan.code} ` : ''}${plan.idea_text}: ${checkinLabel(checkin)} (${dayInWords(checkin.due)})`)))) : null,
    mine.length > 1 ? h('nav', { class: 'plan-picker', key: 'picker', 'aria-label': t('Plans') },
      h('ul', null, mine.map((p) => h('li', { key: p.id },
        h('button', {
          type: 'button', class: 'small', 'aria-current': p.id === current.id ? 'true' : null,
          onclick: () => { s.plan = p.id; redraw(ctx); },
        }, `${p.code ? `${p.code} ` : ''}${p.idea_text}`))))) : null,
    due.length ? planSection(recs, ctx, current, today) : h('div', { key: 'land', oncreate: landing }, planSection(recs, ctx, current, today)),
  ];
}

registerScreen({
  id: 'follow_up',
  order: 85,
  label: (recs, me) => (isStaff(me) ? t('Follow up plans') : t('My action plan')),
  available: (recs, me) => plansToFollow(recs, me).length > 0 && Boolean(me) && me.role !== 'projector',
  // A lead who comes back after the workshop lands here, not on the Day 1 agenda.
  preferred: (recs, me) => comesBackToFollowUp(recs, me),
  boardIds: () => [],
  render: renderFollowUp,
});
