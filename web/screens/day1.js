// The Day 1 screens: Welcome, Dot voting (and giving the top themes to tables), Our table (the
// theme, the "why? because…" chain, the 3 root causes, the 3 success statements, and table
// feedback with follow-me and a 3-minute timer), and the Parking space. Each registers itself
// with the screen framework; the agenda strip is drawn on every screen by the shell. The Welcome is
// drawn here; the boards of the other three are screens/day1_boards.js, which app/lazy.js fetches
// when one of them is first drawn (a participant's phone opens on the Welcome without them).
import { h } from '../ui/dom.js';
import { workshop, canFacilitate, themingBoards, isFacilitator } from '../model/store.js';
import {
  STAGES, QUESTIONS, tablesWithThemes, tableOfBoard, parkingBoard, parkingItems,
} from '../model/day1.js';
import { registerScreen } from '../app/screens.js';
import { t } from '../app/i18n.js';
import { tableName } from '../app/words.js';
import { agendaStrip, edit } from './day1_agenda.js';

export { agendaStrip };

export const FEEDBACK_ACTIVITY = 'table_feedback_1'; // the agenda's table feedback (server/domain/agenda.py)

/** A team role in the reader's language (the protocol's values are English). */
export function teamRole(role) {
  return { Facilitator: t('Facilitator'), Recorder: t('Recorder'), Reporter: t('Reporter'), 'Idea Seeder': t('Idea Seeder') }[role] || role; // a value, not words
}

/** Draw again after a change of what is only on this screen (a choice, an open editor). */
export function redraw(ctx) {
  if (ctx.act.redraw) ctx.act.redraw();
  else if (ctx.act.startRename) { ctx.act.startRename('day1.redraw'); ctx.ui.editing.delete('day1.redraw'); }
}

// ---- Welcome -------------------------------------------------------------------------------

function welcomeScreen(recs, ctx) {
  const w = workshop(recs);
  const me = ctx.store.me;
  const fac = isFacilitator(me) && !ctx.readOnly;
  const ways = (w && w.ways_of_working) || { in_person: [], online: [] };
  const team = (w && w.team) || [];
  return h('div', { class: 'welcome', key: 'welcome' },
    h('h2', { key: 'h' }, t('Welcome')),
    h('section', { class: 'welcome-block purpose-block', 'aria-labelledby': 'wl-purpose', key: 'purpose' },
      h('h3', { id: 'wl-purpose' }, t('Our shared purpose')),
      h('p', null, w && w.purpose ? w.purpose : t('The facilitator will say why we are here today.'))),
    h('section', { class: 'welcome-block', 'aria-labelledby': 'wl-ways', key: 'ways' },
      h('h3', { id: 'wl-ways' }, t('Ways of working together')),
      h('div', { class: 'ways-columns' },
        h('div', { key: 'in' }, h('h4', { id: 'wl-in' }, t('In the room')),
          h('ul', { 'aria-labelledby': 'wl-in' }, (ways.in_person || []).map((x, i) => h('li', { key: `${i}-${x}` }, t(x))))),
        h('div', { key: 'on' }, h('h4', { id: 'wl-on' }, t('Online')),
          h('ul', { 'aria-labelledby': 'wl-on' }, (ways.online || []).map((x, i) => h('li', { key: `${i}-${x}` }, t(x)))))),
      fac ? h('button', { type: 'button', 'data-focus-key': 'ways-edit-btn', onclick: () => edit(ctx, 'openWaysDialog') }, t('Edit ways of working')) : null),
    h('section', { class: 'welcome-block', 'aria-labelledby': 'wl-team', key: 'team' },
      h('h3', { id: 'wl-team' }, t('The facilitation team')),
      team.length
        ? h('ul', { class: 'team-list' }, team.map((m, i) => h('li', { key: `${i}-${m.name}` }, h('strong', null, m.name), ': ', teamRole(m.role))))
        : h('p', { class: 'empty' }, t('The team has not been named yet.')),
      h('p', { class: 'reviewer', key: 'rev' }, t('Parking space reviewer:'), ' ', h('strong', null, w && w.parking_reviewer ? w.parking_reviewer : t('not named yet'))),
      fac ? h('button', { type: 'button', 'data-focus-key': 'team-edit-btn', onclick: () => edit(ctx, 'openTeamDialog') }, t('Edit the team')) : null),
    h('section', { class: 'welcome-block', 'aria-labelledby': 'wl-questions', key: 'questions' },
      h('h3', { id: 'wl-questions' }, t('The 3 questions')),
      h('ul', { class: 'ref-cards' }, QUESTIONS.map(([tag, q]) => h('li', { key: tag, class: `ref-card type-${tag}` },
        h('span', { class: 'tag' }, tag), ' ', q)))),
    h('section', { class: 'welcome-block', 'aria-labelledby': 'wl-stages', key: 'stages' },
      h('h3', { id: 'wl-stages' }, t('The 8 stages of Working Together for Change')),
      h('ol', { class: 'ref-cards stages' }, STAGES.map(([name, text], i) => h('li', { key: name, class: 'ref-card' },
        h('strong', null, `${i + 1}. ${name}`), h('span', null, text))))));
}

// ---- A table's Day 1 boards ------------------------------------------------------------------

function showingTable(recs) {
  const w = workshop(recs);
  return w && w.showing && w.showing.board_id ? tableOfBoard(recs, w.showing.board_id) : null;
}

/** The table drawn: the one being shown (when following), else the chosen one, else my own. */
export function shownTable(recs, ctx) {
  const me = ctx.store.me;
  const tables = tablesWithThemes(recs).filter((t) => t.rootBoard || t.successBoard);
  const showing = showingTable(recs);
  if (showing && (ctx.ui.follow || ctx.readOnly || !(me && me.table_id) && !canFacilitate(me))) return showing;
  const chosen = tables.find((t) => t.room.id === ctx.ui.day1Table);
  if (chosen) return chosen;
  return tables.find((t) => me && t.room.id === me.table_id) || (canFacilitate(me) || ctx.readOnly ? tables[0] : null) || null;
}

// The page's ctx, kept when the table screen is drawn (one board page per browser tab), so that
// boardIds (which gets no ctx) knows which table is on screen.
let lastCtx = null;

// ---- registration ----------------------------------------------------------------------------

registerScreen({
  id: 'welcome',
  order: 10,
  activities: ['welcome', 'approach', 'local_context', 'welcome_2'],
  label: () => t('Welcome'),
  available: () => true,
  boardIds: () => [],
  render: welcomeScreen,
});

registerScreen({
  id: 'vote',
  order: 40,
  activities: ['voting'],
  module: 'day1Boards',
  label: () => t('Dot voting'),
  available: (recs) => themingBoards(recs).length > 0,
  boardIds: () => [],
  render: (recs, ctx, boards) => boards.voteScreen(recs, ctx),
});

registerScreen({
  id: 'table',
  order: 50,
  module: 'day1Boards',
  activities: ['root_causes', 'success', FEEDBACK_ACTIVITY],
  label: (recs, me) => {
    const mine = me && me.table_id ? tablesWithThemes(recs).find((x) => x.room.id === me.table_id) : null;
    return mine && me.role === 'participant' ? t('Our table ({table})', { table: tableName(mine.room) }) : t('Tables: root causes and success');
  },
  // Everyone may look when a table's boards are being shown (table feedback), even without a table.
  available: (recs, me) => tablesWithThemes(recs).some((t) => t.rootBoard || t.successBoard)
    && Boolean(me && (me.role !== 'participant' || me.table_id || showingTable(recs))),
  boardIds: (recs, me) => {
    const tables = tablesWithThemes(recs);
    // Participants: their own table. Staff: the table on screen (so "Show to everyone" offers
    // that table's two boards, not every table's), else every table.
    const now = me && me.role !== 'participant' && lastCtx ? shownTable(recs, lastCtx) : null;
    const drawn = now ? tables.filter((t) => t.room.id === now.room.id) : [];
    const list = me && me.role === 'participant' && me.table_id ? tables.filter((t) => t.room.id === me.table_id) : drawn.length ? drawn : tables;
    const ids = list.flatMap((t) => [t.rootBoard, t.successBoard].filter(Boolean).map((b) => b.id));
    // Follow me reaches everyone: a participant also follows the table being shown.
    const w = workshop(recs);
    if (w && w.showing && w.showing.board_id && tableOfBoard(recs, w.showing.board_id) && !ids.includes(w.showing.board_id)) ids.push(w.showing.board_id);
    return ids;
  },
  render: (recs, ctx, boards) => {
    lastCtx = ctx;
    return boards.tableScreen(recs, ctx, shownTable(recs, ctx));
  },
});

registerScreen({
  id: 'parking',
  order: 90,
  module: 'day1Boards',
  activities: ['closing_1', 'closing_2'],
  label: (recs) => t('Parking space ({n})', { n: parkingItems(recs).waiting.length }),
  available: (recs) => Boolean(parkingBoard(recs)),
  boardIds: (recs) => { const b = parkingBoard(recs); return b ? [b.id] : []; },
  render: (recs, ctx, boards) => boards.parkingScreen(recs, ctx),
});

