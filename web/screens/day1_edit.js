// The staff's tools for Day 1: the facilitator's editors (the agenda, the ways of working together,
// the facilitation team), opening a vote, giving the top themes to tables, reviewing the parking
// space. Loaded for staff by app/lazy.js (and on the first click on an editor's button): a
// participant's phone never downloads them.
import { h } from '../ui/dom.js';
import { view, workshop } from '../model/store.js';
import { toast, announce } from '../ui/announce.js';
import {
  TEAM_ROLES, agendaItems, agendaByDay, agendaArgs, validTime, BOARD_LABELS, tablesWithThemes, defaultTableThemes, voteResults, dotsText, itemTitle,
} from '../model/day1.js';
import { t, tn } from '../app/i18n.js';
import { boardHeading } from '../app/words.js';
import { dayName } from './day1_agenda.js';
import { openScreenDialog } from '../ui/dialog.js';
import { LIMITS } from '../protocol.js';
import { teamRole, redraw } from './day1.js';

export function openWaysDialog(ctx) {
  const w = workshop(view(ctx.store));
  const ways = (w && w.ways_of_working) || { in_person: [], online: [] };
  let error = '';
  const dlg = openScreenDialog(ctx, 'ways-dialog-title', () => [
    h('h2', { id: 'ways-dialog-title', key: 'title' }, t('Ways of working together')),
    error ? h('p', { class: 'field-error', role: 'alert', key: 'err' }, error) : null,
    h('form', {
      key: 'form', novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        const lines = (field) => ctx.draft(field, '').split('\n').map((x) => x.trim()).filter(Boolean);
        const r = await ctx.intent.setWaysOfWorking(lines('ways.in_person'), lines('ways.online'));
        if (r && r.ok === false) { error = r.err.message; dlg.redraw(); return; }
        ctx.setDraft('ways.in_person', null);
        ctx.setDraft('ways.online', null);
        dlg.close();
      },
    },
    ['in_person', 'online'].map((k) => h('div', { class: 'field', key: k },
      h('label', { for: `ways-${k}` }, k === 'online' ? t('Online (one a line)') : t('In the room (one a line)')),
      h('textarea', {
        id: `ways-${k}`, key: `ways-${k}`, rows: 8, value: ctx.draft(`ways.${k}`, (ways[k] || []).join('\n')),
        oninput: (e) => ctx.setDraft(`ways.${k}`, e.currentTarget.value),
      }))),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary' }, t('Save')),
      h('button', { type: 'button', onclick: () => { ctx.setDraft('ways.in_person', null); ctx.setDraft('ways.online', null); dlg.close(); } }, t('Cancel')))),
  ], 'ways-edit-btn');
}

export function openTeamDialog(ctx) {
  const w = workshop(view(ctx.store));
  let n = 0;
  const fresh = (m) => ({ name: m.name || '', role: m.role || 'Facilitator', k: `m${(n += 1)}` }); // a value, not words
  // Typed names are kept as a draft until saved (a reload or a remote change loses nothing).
  let team = null;
  try { team = JSON.parse(ctx.draft('team.edit', '') || 'null'); } catch (e) { team = null; }
  team = (Array.isArray(team) ? team : ((w && w.team) || [])).map(fresh);
  if (!team.length) team = [fresh({ role: 'Facilitator' })]; // a value, not words
  const keep = () => ctx.setDraft('team.edit', JSON.stringify(team.map(({ name, role }) => ({ name, role }))));
  const forget = () => { ctx.setDraft('team.edit', null); ctx.setDraft('team.reviewer', null); };
  let error = '';
  const dlg = openScreenDialog(ctx, 'team-dialog-title', () => [
    h('h2', { id: 'team-dialog-title', key: 'title' }, t('The facilitation team')),
    error ? h('p', { class: 'field-error', role: 'alert', key: 'err' }, error) : null,
    h('form', {
      key: 'form', novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        const members = team.map((m) => ({ name: m.name.trim(), role: m.role })).filter((m) => m.name);
        const reviewer = ctx.draft('team.reviewer', (w && w.parking_reviewer) || '').trim();
        const r = await ctx.intent.setTeam(members, reviewer);
        if (r && r.ok === false) { error = r.err.message; dlg.redraw(); return; }
        forget();
        dlg.close();
      },
    },
    h('ul', { class: 'team-edit' }, team.map((m, i) => h('li', { key: m.k, class: 'team-edit-row' },
      h('div', null,
        h('label', { for: `team-name-${m.k}` }, t('Name {n}', { n: i + 1 })),
        h('input', {
          id: `team-name-${m.k}`, key: `team-name-${m.k}`, type: 'text', maxlength: '60', value: m.name,
          oninput: (e) => { m.name = e.currentTarget.value; keep(); },
        })),
      h('div', null,
        h('label', { for: `team-role-${m.k}` }, t('Role {n}', { n: i + 1 })),
        h('select', { id: `team-role-${m.k}`, key: `team-role-${m.k}`, onchange: (e) => { m.role = e.currentTarget.value; keep(); } },
          TEAM_ROLES.map((r) => h('option', { value: r, selected: r === m.role ? 'selected' : null }, teamRole(r))))),
      h('button', { type: 'button', class: 'small danger', onclick: () => { team.splice(i, 1); keep(); dlg.redraw(); } },
        t('Remove'), h('span', { class: 'visually-hidden' }, ' ', m.name || t('person {n}', { n: i + 1 })))))),
    h('button', {
      type: 'button',
      onclick: () => {
        const m = fresh({ role: 'Recorder' }); // a value, not words
        team.push(m); keep(); dlg.redraw();
        requestAnimationFrame(() => { const el = dlg.el.querySelector(`#team-name-${m.k}`); if (el) el.focus(); });
      },
    }, t('Add a person')),
    h('div', { class: 'field' },
      h('label', { for: 'team-reviewer' }, t('Parking space reviewer')),
      h('input', {
        id: 'team-reviewer', key: 'team-reviewer', type: 'text', maxlength: '60', value: ctx.draft('team.reviewer', (w && w.parking_reviewer) || ''),
        oninput: (e) => ctx.setDraft('team.reviewer', e.currentTarget.value),
      })),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary' }, t('Save')),
      h('button', { type: 'button', onclick: () => { forget(); dlg.close(); } }, t('Cancel')))),
  ], 'team-edit-btn');
}

// ---- the agenda editor ----------------------------------------------------------------------

const BOARD_CHOICES = ['welcome', 'ww', 'nww', 'iff', 'root_causes', 'success', 'parking', 'in_place', 'ideas', 'grid', 'action_plan'];

function loadWorking(ctx, items) {
  const saved = ctx.draft('agenda.edit', '');
  if (saved) {
    try { const list = JSON.parse(saved); if (Array.isArray(list)) return list; } catch (e) { /* start again */ }
  }
  return items.map((it) => ({ ...it, boards: [...(it.boards || [])] }));
}

/** The facilitator's agenda editor: items, times, days and boards; saved with agenda.update. */
export function openAgendaDialog(ctx) {
  const stored = agendaItems(view(ctx.store));
  let items = loadWorking(ctx, stored);
  // A default title is stored as the guide's English (a catalogue msgid) and shown in the reader's language: left
  // as shown, it is saved as stored, so it stays said in each reader's language (typed, it is as written).
  const first = new Map(stored.map((it) => [it.key, it]));
  const typed = (it, value) => (first.has(it.key) && value === itemTitle(first.get(it.key)) ? first.get(it.key).title : value);
  let error = '';
  let n = 0;
  const keep = () => ctx.setDraft('agenda.edit', JSON.stringify(items));
  const dlg = openScreenDialog(ctx, 'agenda-dialog-title', draw, 'agenda-edit-btn');

  function row(it, i) {
    const id = `agenda-${it.key}`;
    return h('li', { key: it.key, class: 'agenda-edit-item' },
      h('fieldset', null,
        h('legend', null, t('Item {n}: {title}', { n: i + 1, title: itemTitle(it) || t('new item') })),
        h('div', { class: 'agenda-edit-row' },
          h('div', { class: 'agenda-edit-time' },
            h('label', { for: `${id}-time` }, t('Time')),
            h('input', {
              id: `${id}-time`, key: `${id}-time`, type: 'text', inputmode: 'numeric', value: it.time || '', placeholder: '10:40', maxlength: '5',
              oninput: (e) => { it.time = e.currentTarget.value.trim(); keep(); },
            })),
          h('div', { class: 'agenda-edit-title' },
            h('label', { for: `${id}-title` }, t('Title')),
            h('input', {
              id: `${id}-title`, key: `${id}-title`, type: 'text', value: itemTitle(it), maxlength: String(LIMITS.AGENDA_TITLE),
              oninput: (e) => { it.title = typed(it, e.currentTarget.value); keep(); },
            })),
          h('div', { class: 'agenda-edit-day' },
            h('label', { for: `${id}-day` }, t('Day')),
            h('select', {
              id: `${id}-day`, key: `${id}-day-${it.day}`, onchange: (e) => { it.day = Number(e.currentTarget.value); keep(); },
            }, [1, 2].map((d) => h('option', { value: String(d), selected: it.day === d ? 'selected' : null }, dayName(d)))))),
        h('details', { class: 'agenda-edit-boards' },
          h('summary', null, t('Boards:'), ' ', (it.boards || []).map((b) => BOARD_LABELS[b] || b).join(', ') || t('none')),
          h('ul', { class: 'choice-list' }, BOARD_CHOICES.map((b) => h('li', { key: b, class: 'choice' },
            h('input', {
              type: 'checkbox', id: `${id}-b-${b}`, checked: (it.boards || []).includes(b),
              onchange: (e) => {
                const on = e.currentTarget.checked;
                it.boards = BOARD_CHOICES.filter((x) => (x === b ? on : (it.boards || []).includes(x)));
                keep(); dlg.redraw();
              },
            }),
            h('label', { for: `${id}-b-${b}` }, BOARD_LABELS[b]))))),
        h('div', { class: 'agenda-edit-buttons' },
          i > 0 ? h('button', {
            type: 'button', class: 'small', onclick: () => { items.splice(i - 1, 0, items.splice(i, 1)[0]); keep(); dlg.redraw(); },
          }, t('Move up'), h('span', { class: 'visually-hidden' }, ': ', itemTitle(it))) : null,
          h('button', {
            type: 'button', class: 'small danger', onclick: () => { items.splice(i, 1); keep(); dlg.redraw(); },
          }, t('Remove'), h('span', { class: 'visually-hidden' }, ': ', itemTitle(it))))));
  }

  function draw() {
    return [
      h('h2', { id: 'agenda-dialog-title', key: 'title' }, t('Edit the agenda')),
      error ? h('p', { class: 'field-error', role: 'alert', key: 'err' }, error) : null,
      h('form', {
        key: 'form', novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          const bad = items.findIndex((it) => !String(it.title || '').trim() || !validTime(it.time));
          if (bad >= 0) {
            error = !String(items[bad].title || '').trim()
              ? t('Item {n} needs a title.', { n: bad + 1 }) : t('Item {n}: write the time as hours and minutes, like 10:40.', { n: bad + 1 });
            dlg.redraw();
            return;
          }
          const r = await ctx.intent.setAgenda(agendaArgs(items).items);
          if (r && r.ok === false) { error = r.err.message || t('The agenda was not saved.'); dlg.redraw(); return; }
          ctx.setDraft('agenda.edit', null);
          toast(t('Agenda saved.'), 'info', 3000);
          dlg.close();
        },
      },
      agendaByDay([{ day: 1, i: -1 }, { day: 2, i: -1 }, ...items.map((it, i) => ({ ...it, i }))]).map(([day, list]) => h('section', { key: `day-${day}` },
        h('h3', null, dayName(day)),
        h('ol', { class: 'agenda-edit-list' }, list.filter((it) => it.i >= 0).map((it) => row(items[it.i], it.i))),
        h('button', {
          type: 'button', class: 'add-item',
          onclick: () => {
            n += 1;
            const key = `item_${Date.now().toString(36)}_${n}`;
            const last = items.map((it) => it.day).lastIndexOf(day);
            items.splice(last + 1, 0, { key, day, time: '', title: '', boards: [] });
            keep(); dlg.redraw();
            requestAnimationFrame(() => { const el = dlg.el.querySelector(`#agenda-${key}-title`); if (el) el.focus(); });
          },
        }, t('Add an item to Day {day}', { day })))),
      h('div', { class: 'dialog-actions', key: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, t('Save the agenda')),
        h('button', { type: 'button', onclick: () => { ctx.setDraft('agenda.edit', null); dlg.close(); } }, t('Cancel')))),
    ];
  }
  return dlg;
}

// ---- the staff's forms on the Day 1 screens ------------------------------------------------------

/**
 * "Vote settings…": open a vote on one board with other settings than the toolbar's one click
 * (the guide's 3 dots each, at most 2 on one theme: LIMITS.DOTS_PER_PERSON / DOTS_PER_TARGET).
 * A dialog, so the voting screen keeps one focus: the board with its dots.
 */
export function openVoteSettings(ctx, board, { again = false, returnKey = 'vote-settings-btn' } = {}) {
  const s = { perPerson: String(LIMITS.DOTS_PER_PERSON), perTarget: String(LIMITS.DOTS_PER_TARGET), hidden: false };
  let error = '';
  const name = boardHeading(board.type);
  const dlg = openScreenDialog(ctx, 'vote-settings-title', () => h('form', {
    class: 'vote-settings', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      const perPerson = Number(s.perPerson);
      const perTarget = Number(s.perTarget);
      if (!(Number.isInteger(perPerson) && Number.isInteger(perTarget) && perPerson >= 1 && perPerson <= LIMITS.MAX_DOTS && perTarget >= 1 && perTarget <= perPerson)) {
        error = t('Dots a person: 1 to {max}. Most on one theme: at least 1 and no more than the dots a person has.', { max: LIMITS.MAX_DOTS });
        dlg.redraw();
        const el = dlg.el.querySelector('.vote-settings-error');
        if (el) el.focus();
        return;
      }
      const r = await ctx.intent.openVote(board.id, { per_person: perPerson, per_target: perTarget, hidden: s.hidden });
      if (r && r.ok === false) { error = (r.err && r.err.message) || t('The vote did not open.'); dlg.redraw(); return; }
      announce(t('The vote is open.'));
      dlg.close();
    },
  },
  h('h2', { id: 'vote-settings-title' }, again ? t('Open another vote: {board}', { board: name }) : t('Vote settings: {board}', { board: name })),
  h('p', { class: 'hint', id: 'vote-settings-hint' }, tn('The guide gives each person {n} dot, at most {most} on one theme.', 'The guide gives each person {n} dots, at most {most} on one theme.',
    LIMITS.DOTS_PER_PERSON, { most: LIMITS.DOTS_PER_TARGET })),
  error ? h('p', { class: 'field-error vote-settings-error', role: 'alert', tabindex: '-1', key: 'err' }, error) : null,
  h('div', { class: 'round-settings' },
    h('div', null, h('label', { for: 'round-per-person' }, t('Dots a person')),
      h('input', {
        id: 'round-per-person', key: 'pp', type: 'number', min: '1', max: String(LIMITS.MAX_DOTS), value: s.perPerson, inputmode: 'numeric', 'aria-describedby': 'vote-settings-hint',
        oninput: (e) => { s.perPerson = e.currentTarget.value; },
      })),
    h('div', null, h('label', { for: 'round-per-target' }, t('Most dots on one theme')),
      h('input', {
        id: 'round-per-target', key: 'pt', type: 'number', min: '1', max: String(LIMITS.MAX_DOTS), value: s.perTarget, inputmode: 'numeric',
        oninput: (e) => { s.perTarget = e.currentTarget.value; },
      }))),
  h('div', { class: 'choice' },
    h('input', { id: 'round-hidden', key: 'hid', type: 'checkbox', checked: s.hidden, onchange: (e) => { s.hidden = e.currentTarget.checked; } }),
    h('label', { for: 'round-hidden' }, t('Hide the counts until the vote closes'))),
  h('div', { class: 'dialog-actions' },
    h('button', { type: 'submit', class: 'primary' }, t('Open the vote')),
    h('button', { type: 'button', onclick: () => dlg.close() }, t('Cancel')))), returnKey);
  return dlg;
}

export function giveThemes(recs, ctx, round, themes) {
  const ui = ctx.ui;
  const tables = tablesWithThemes(recs);
  if (ui.day1GiveCount == null) ui.day1GiveCount = Math.min(themes.length, tables.length || 4);
  if (!ui.day1Give || ui.day1GiveRound !== round.id) {
    ui.day1Give = new Set(defaultTableThemes(round, themes, ui.day1GiveCount));
    ui.day1GiveRound = round.id;
  }
  const rows = voteResults(round, themes);
  return h('form', {
    class: 'give-themes', key: 'give', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      const ids = rows.map((r) => r.card.id).filter((id) => ui.day1Give.has(id));
      if (!ids.length) { toast(t('Choose at least one theme.'), 'error'); return; }
      const r = await ctx.intent.giveThemesToTables(round.id, ids);
      if (r && r.ok) announce(tn('{n} table has its theme.', '{n} tables have their themes.', ids.length));
    },
  },
  h('h3', null, t('Give the top themes to tables')),
  h('div', { class: 'field' },
    h('label', { for: 'give-count' }, t('How many tables')),
    h('input', {
      id: 'give-count', key: 'give-count', type: 'number', min: '1', max: String(Math.max(1, themes.length)), value: String(ui.day1GiveCount), inputmode: 'numeric',
      onchange: (e) => {
        const n = Math.max(1, Math.min(themes.length, Number(e.currentTarget.value) || 1));
        ui.day1GiveCount = n;
        ui.day1Give = new Set(defaultTableThemes(round, themes, n));
        redraw(ctx);
      },
    })),
  h('fieldset', { class: 'choices' },
    h('legend', null, t('Themes for the tables (in table order)')),
    rows.map((r) => h('div', { class: 'choice', key: r.card.id },
      h('input', {
        type: 'checkbox', id: `give-${r.card.id}`, checked: ui.day1Give.has(r.card.id),
        onchange: (e) => { if (e.currentTarget.checked) ui.day1Give.add(r.card.id); else ui.day1Give.delete(r.card.id); redraw(ctx); },
      }),
      h('label', { for: `give-${r.card.id}` }, `${r.card.text} (${r.place}, ${dotsText(r.dots)})`)))),
  h('button', { type: 'submit', class: 'primary' }, tn('Give {n} theme to tables', 'Give {n} themes to tables', ui.day1Give.size)));
}

export function reviewForm(ctx, c) {
  const field = `review.${c.id}`;
  const id = `review-${c.id}`;
  return h('form', {
    class: 'review-form', key: `review-${c.id}`, novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      const text = ctx.draft(field, '').trim();
      const r = await ctx.intent.reviewParkedCard(c.id, text);
      if (r && r.ok !== false) { ctx.setDraft(field, null); announce(t('Marked as reviewed.')); }
    },
  },
  h('label', { for: id }, t('Response (optional)')),
  h('textarea', { id, key: id, rows: 2, maxlength: '500', value: ctx.draft(field, ''), oninput: (e) => ctx.setDraft(field, e.currentTarget.value) }),
  h('button', { type: 'submit', class: 'small' }, t('Mark reviewed'), h('span', { class: 'visually-hidden' }, ': ', c.text)));
}
