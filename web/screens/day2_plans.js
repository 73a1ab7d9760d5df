// Action plans: each table picks one idea from Quick Wins or Major Projects and answers the
// guide's six questions. Every answer is its own field that saves on its own (after a pause, on
// leaving the field, or with its Save button); others see who is typing where; a field being
// edited is never overwritten under the cursor: a save by someone else shows as a choice.
import { h } from '../ui/dom.js';
import { t } from '../app/i18n.js';
import { canFacilitate, nameOf, workshop } from '../model/store.js';
import { announce } from '../ui/announce.js';
import {
  QUADRANTS, PLAN_QUESTIONS, PLAN_FIELD_LIMIT, themedTables, tableBoards, tableName, plannableIdeas,
  planOfBoard, planMissing, planAnswerLength, leadChoices, fieldStatus, typingNames, typingSentence, currentDay,
} from '../model/day2.js';
import { d2, redraw, currentTable, tablePicker, mayWriteTable } from './day2.js';
import { registerScreen } from '../app/screens.js';

const SAVE_PAUSE = 1500;  // ms without typing before a field saves itself
const TYPING_EVERY = 1500; // ms between "typing" messages while typing

function renderPlans(recs, ctx) {
  const tables = themedTables(recs);
  if (!tables.length) return h('p', { class: 'empty', key: 'none' }, t('No table has a theme yet.'));
  const s = d2(ctx);
  const tableId = currentTable(recs, ctx);
  const table = recs.get(tableId);
  const board = tableBoards(recs, tableId).action_plan;
  const plan = board ? planOfBoard(recs, board.id) : null;
  const me = ctx.store.me;
  const writable = Boolean(board) && mayWriteTable(me, tableId) && !ctx.readOnly;
  if (plan && s.planError) s.planError = null;
  return [
    canFacilitate(me) && !ctx.readOnly ? overview(recs, ctx, tables, tableId) : null,
    tablePicker(recs, ctx, tableId, 'plans'),
    h('section', { class: 'd2-table d2-plan', key: `plan-${tableId}`, 'data-board-id': board ? board.id : null, 'aria-labelledby': 'plan-title' },
      h('h2', { id: 'plan-title', class: 'd2-board-head teal' }, t('{table}: Action plan', { table: tableName(table) })),
      h('p', { class: 'd2-theme' }, h('span', { class: 'd2-theme-label' }, `${t('Not working well theme:')} `), h('strong', null, table.theme_text || '')),
      !board ? h('p', { class: 'empty', key: 'noboard' }, t('This table’s action plan board appears when Day 2 begins.')) : null,
      board && !plan ? chooseIdea(recs, ctx, board, writable, table) : null,
      plan ? planBody(recs, ctx, plan, writable) : null,
      board ? feedbackTools(recs, ctx, board, table) : null),
  ];
}

/** For staff: every table's plan at a glance, to see who needs help before feedback. */
function overview(recs, ctx, tables, current) {
  return h('section', { class: 'plan-overview', key: 'overview', 'aria-labelledby': 'plan-overview-title' },
    h('h2', { id: 'plan-overview-title' }, t('Every table’s action plan')),
    h('ul', null, tables.map((x) => {
      const b = tableBoards(recs, x.id).action_plan;
      const p = b ? planOfBoard(recs, b.id) : null;
      const state = !p ? t('No idea chosen yet.') : (planMissing(p) || t('Complete.'));
      return h('li', { key: x.id },
        h('strong', null, `${tableName(x)}: `), p ? [h('span', { class: 'd2-code' }, p.code), ` ${p.idea_text} – `] : null, state, ' ',
        x.id !== current ? h('button', {
          type: 'button', class: 'small', onclick: () => { d2(ctx).table = x.id; redraw(ctx); },
        }, t('Open'), h('span', { class: 'visually-hidden' }, ` ${t("{table}'s plan", { table: tableName(x) })}`)) : h('span', { class: 'plan-note' }, t('(open below)')));
    })));
}

function chooseIdea(recs, ctx, board, writable, table) {
  const s = d2(ctx);
  const ideas = plannableIdeas(recs);
  return h('div', { class: 'plan-choose', key: 'choose' },
    h('h3', null, t('Choose the idea for this action plan')),
    h('p', { class: 'hint' }, t('Pick one idea from Quick Wins or Major Projects on the Investment Grid.')),
    s.planError ? h('div', { class: 'error-summary', role: 'alert', key: 'err' },
      h('p', null, s.planError)) : null,
    !writable && !ctx.readOnly ? h('p', { class: 'd2-sub' }, t('The people at {table} choose their idea.', { table: tableName(table) })) : null,
    ideas.length ? h('ul', { class: 'plan-ideas' }, ideas.map((c) => h('li', { key: c.id },
      h('span', { class: 'd2-code' }, c.code), ' ', h('span', { class: 'card-text' }, c.text),
      h('span', { class: 'plan-quad' }, ` (${QUADRANTS[c.quadrant]})`),
      writable ? h('button', {
        type: 'button', class: 'small', 'data-focus-key': `plan-pick-${c.id}`,
        onclick: () => ctx.intent.startPlan(board.id, c.id).then((r) => {
          if (r && !r.ok) { s.planError = (r.err && r.err.message) || t('That idea could not be chosen.'); redraw(ctx); }
          else if (r && r.ok) { s.planError = null; announce(t('Action plan started for idea {code}.', { code: c.code })); }
        }),
      }, t('Choose this idea'), h('span', { class: 'visually-hidden' }, ` ${c.code}`)) : null)))
      : h('p', { class: 'empty' }, t('No idea is in Quick Wins or Major Projects yet. Place ideas on the Investment Grid first.')));
}

function planBody(recs, ctx, plan, writable) {
  const missing = planMissing(plan);
  return h('div', { class: 'plan-body', key: `body-${plan.id}` },
    h('h3', { class: 'plan-idea' }, `${t('Our idea:')} `, h('span', { class: 'd2-code' }, plan.code), ' ', plan.idea_text,
      h('span', { class: 'plan-quad' }, ` (${QUADRANTS[plan.quadrant] || ''})`)),
    h('p', { class: `plan-status ${missing ? 'incomplete' : 'complete'}`, 'data-plan-status': missing ? 'incomplete' : 'complete' },
      missing || t('Complete: this plan has a lead and a first step for next week.')),
    leadField(recs, ctx, plan, writable),
    h('ol', { class: 'plan-fields' }, PLAN_QUESTIONS.map((q, i) => planField(recs, ctx, plan, q, i, writable))));
}

function leadField(recs, ctx, plan, writable) {
  const people = leadChoices(recs);
  const value = plan.lead_id || '';
  if (!writable) {
    return h('p', { class: 'plan-lead', key: 'lead-ro' }, h('strong', null, `${t('Lead:')} `), plan.lead_id ? (plan.lead_name || nameOf(recs, plan.lead_id)) : t('not chosen yet'));
  }
  return h('div', { class: 'plan-lead field', key: 'lead' },
    h('label', { for: 'plan-lead' }, t('Who will lead this plan?')),
    h('p', { class: 'hint', id: 'plan-lead-hint' }, t('Someone in the room: a person who has joined this workshop.')),
    h('select', {
      id: 'plan-lead', key: 'plan-lead', value, 'aria-describedby': 'plan-lead-hint',
      onupdate: (el) => { if (document.activeElement !== el && el.value !== value) el.value = value; },
      onchange: (e) => {
        const id = e.currentTarget.value || null;
        ctx.intent.setPlanLead(plan.id, id).then((r) => {
          if (r && r.ok) announce(id ? t('{name} will lead this plan.', { name: nameOf(recs, id) }) : t('No lead chosen.'));
        });
      },
    },
    h('option', { value: '', key: 'none' }, t('No lead yet')),
    people.map((p) => h('option', { value: p.id, key: p.id }, p.name))));
}

function fieldState(ctx, key, server, draftField) {
  const s = d2(ctx);
  let st = s.fields.get(key);
  if (!st) {
    const saved = ctx.draft(draftField, '\u0000');
    const dirty = saved !== '\u0000' && saved !== server;
    if (!dirty) ctx.setDraft(draftField, null);
    st = { base: server, dirty, focused: false, showTheirs: false, timer: null, lastEph: 0, saved: false };
    s.fields.set(key, st);
  }
  return st;
}

function currentServerText(ctx, planId, field) {
  const p = ctx.store.records.get(planId);
  return p && p.fields ? (p.fields[field] || '') : '';
}

function save(ctx, plan, field, st, draftField, { force = false } = {}) {
  clearTimeout(st.timer);
  st.timer = null;
  const el = document.getElementById(`plan-${field}`);
  const text = el ? el.value : ctx.draft(draftField, '');
  const server = currentServerText(ctx, plan.id, field);
  if (text.trim() === server.trim()) {
    st.dirty = false; st.base = server; st.showTheirs = false;
    ctx.setDraft(draftField, null);
    return;
  }
  // Someone else saved while this was being written: never overwrite theirs unasked.
  if (!force && server !== st.base) { redraw(ctx); return; }
  // Characters as the server counts them (code points after NFC, edges trimmed): an emoji is one, not two.
  const length = planAnswerLength(text);
  if (length > PLAN_FIELD_LIMIT) {
    ctx.act.say(t('That answer is {length} characters. The most is {limit}. Please shorten it.', { length, limit: PLAN_FIELD_LIMIT }), 'error');
    return;
  }
  st.base = text; st.dirty = false; st.showTheirs = false; st.saved = true;
  ctx.setDraft(draftField, null);
  ctx.intent.updatePlan(plan.id, field, text);
}

function planField(recs, ctx, plan, q, index, writable) {
  const key = `${plan.id}.${q.field}`;
  const server = (plan.fields && plan.fields[q.field]) || '';
  const id = `plan-${q.field}`;
  if (!writable) {
    return h('li', { key: q.field, class: 'plan-field' },
      h('h4', { class: 'plan-q' }, q.label),
      h('p', { class: 'plan-answer' }, server || t('(not answered yet)')));
  }
  const draftField = `plan.${plan.id}.${q.field}`;
  const st = fieldState(ctx, key, server, draftField);
  // What the field holds: typed words, or (focused, nothing typed) the text shown when it was focused.
  const local = st.dirty ? ctx.draft(draftField, server) : (st.focused ? st.base : server);
  const status = fieldStatus({ server, base: st.base, local, editing: st.dirty || st.focused });
  if (status === 'remote' || (status === 'same' && !st.dirty && !st.focused)) st.base = server;
  const who = plan.edited_by && plan.edited_by[q.field] ? nameOf(recs, plan.edited_by[q.field]) : null;
  const typing = typingSentence(typingNames(ctx.ui.typing, plan.id, q.field, Date.now(), ctx.store.me && ctx.store.me.id));
  const conflict = status === 'conflict';
  const note = st.dirty ? t('Not saved yet') : (st.saved && server ? t('Saved') : '');
  return h('li', { key: q.field, class: `plan-field${conflict ? ' conflict' : ''}` },
    h('label', { for: id, class: 'plan-q' }, q.label),
    q.field === 'next_week' ? h('p', { class: 'hint', id: `${id}-hint` }, t('A plan needs a first step for next week to be complete.')) : null,
    h('textarea', {
      id, key: `ta-${key}`, rows: '3', value: local, // no maxlength: it counts UTF-16 units; save() counts as the server does 'data-plan-field': q.field,
      'aria-describedby': [q.field === 'next_week' ? `${id}-hint` : null, `${id}-note`].filter(Boolean).join(' '),
      onupdate: (el) => { if (document.activeElement !== el && !st.dirty && el.value !== server) el.value = server; },
      onfocus: () => {
        st.focused = true;
        if (!st.dirty) st.base = currentServerText(ctx, plan.id, q.field);
      },
      oninput: (e) => {
        ctx.setDraft(draftField, e.currentTarget.value);
        const was = st.dirty;
        st.dirty = true;
        const now = Date.now();
        if (now - st.lastEph > TYPING_EVERY) { st.lastEph = now; ctx.conn.eph({ kind: 'typing', plan_id: plan.id, field: q.field }); }
        clearTimeout(st.timer);
        st.timer = setTimeout(() => save(ctx, plan, q.field, st, draftField), SAVE_PAUSE);
        if (!was) redraw(ctx);
      },
      onblur: () => {
        st.focused = false;
        ctx.conn.eph({ kind: 'typing', plan_id: plan.id, field: q.field, done: true });
        st.lastEph = 0;
        save(ctx, plan, q.field, st, draftField);
        redraw(ctx);
      },
    }),
    h('div', { class: 'plan-field-foot' },
      h('button', {
        type: 'button', class: 'small', key: 'save',
        onclick: () => { save(ctx, plan, q.field, st, draftField, { force: true }); redraw(ctx); },
      }, t('Save'), h('span', { class: 'visually-hidden' }, ` ${t('answer {n}', { n: index + 1 })}`)),
      h('span', { class: 'plan-note', id: `${id}-note` }, note, who && !st.dirty ? `${note ? ' – ' : ''}${t('last written by {name}', { name: who })}` : ''),
      typing ? h('span', { class: 'plan-typing', key: 'typing' }, typing) : null),
    conflict ? h('div', { class: 'plan-conflict', role: 'status', key: 'conflict' },
      h('p', null, `${t('{name} changed this', { name: who || t('Someone') })} — `,
        h('button', {
          type: 'button', class: 'link-button', 'aria-expanded': st.showTheirs ? 'true' : 'false',
          onclick: () => { st.showTheirs = !st.showTheirs; redraw(ctx); },
        }, t('see their version'))),
      st.showTheirs ? h('div', { class: 'plan-theirs' },
        h('p', { class: 'plan-theirs-label' }, who ? t("{name}'s version:", { name: who }) : t('Their version:')),
        h('blockquote', null, server || t('(empty)')),
        h('button', {
          type: 'button', class: 'small',
          onclick: () => {
            const el = document.getElementById(id);
            if (el) el.value = server;
            st.dirty = false; st.base = server; st.showTheirs = false;
            ctx.setDraft(draftField, null);
            redraw(ctx);
          },
        }, t('Use their version')),
        h('button', {
          type: 'button', class: 'small',
          onclick: () => { save(ctx, plan, q.field, st, draftField, { force: true }); redraw(ctx); },
        }, t('Keep mine and save it'))) : null) : null);
}

function feedbackTools(recs, ctx, board, table) {
  const me = ctx.store.me;
  if (!canFacilitate(me) || ctx.readOnly) return null;
  const w = workshop(recs);
  const shown = Boolean(w && w.showing && w.showing.board_id === board.id);
  return h('div', { class: 'd2-staff-actions', role: 'group', 'aria-label': t('Feedback'), key: 'feedback' },
    h('button', {
      type: 'button', class: 'small', key: 'show', 'aria-pressed': shown ? 'true' : 'false',
      onclick: () => ctx.act.showBoard(shown ? null : board.id),
    }, shown ? t("Showing {table}'s action plan: stop", { table: tableName(table) }) : t("Show {table}'s action plan to everyone", { table: tableName(table) })),
    h('button', {
      type: 'button', class: 'small', key: 'timer',
      onclick: () => ctx.intent.startTimer(180, t('{table}: action plan feedback', { table: tableName(table) }))
        .then((r) => { if (r && r.ok) announce(t('3-minute timer started.')); }),
    }, t('Start the 3-minute timer')));
}

registerScreen({
  id: 'plans', order: 65, activities: ['action_plans', 'plan_feedback'],
  label: () => t('Action plans'),
  available: (recs) => currentDay(recs) === 2,
  boardIds: (recs) => themedTables(recs).map((x) => tableBoards(recs, x.id).action_plan).filter(Boolean).map((b) => b.id),
  render: renderPlans,
});
