// Progress, for everyone who took part: each action plan, its lead, its status in words, its
// last update and its next check-in. Read-only, large text, one list a screen reader reads in
// order (each plan a heading, then plain sentences).
import { h } from '../ui/dom.js';
import { nameOf } from '../model/store.js';
import { t } from '../app/i18n.js';
import { tableName as tableOf } from '../app/words.js';
import { registerScreen } from '../app/screens.js';
import {
  plansInTableOrder, statusWords, nextCheckin, checkinWords, lastUpdate, dayInWords, todayIso,
} from '../model/after.js';

function tableName(recs, plan) {
  const board = recs.get(plan.board_id);
  const room = board ? recs.get(board.room_id) : null;
  return room && room.type === 'table' ? tableOf(room) : null;
}

export function renderProgress(recs, ctx) {
  const list = plansInTableOrder(recs);
  const today = todayIso();
  return h('section', { class: 'progress-screen', key: 'progress', 'aria-labelledby': 'progress-title' },
    h('h2', { id: 'progress-title' }, t('How the action plans are going')),
    h('p', { class: 'progress-intro' }, t('What happened to the plans we made together. This page changes as people send news.')),
    list.length ? h('ol', { class: 'progress-plans', key: 'plans' }, list.map((plan) => {
      const next = nextCheckin(recs, plan.id);
      const news = lastUpdate(recs, plan);
      const where = tableName(recs, plan);
      const lead = plan.lead_id ? nameOf(recs, plan.lead_id) : null;
      return h('li', { key: plan.id, class: `progress-plan status-${plan.status || 'planned'}`, 'data-plan-id': plan.id },
        h('h3', null, plan.code ? h('span', { class: 'd2-code' }, `${plan.code} `) : null, plan.idea_text),
        h('p', { class: 'progress-status' }, h('span', { class: 'progress-label' }, t('Now: ')), h('strong', null, statusWords(plan))),
        h('p', null, lead ? t('Lead: {name}.', { name: lead }) : t('No lead chosen yet.'), where ? ` ${t('From {table}.', { table: where })}` : ''),
        plan.baseline ? h('p', null, t('Where we started: {text}', { text: plan.baseline })) : null,
        plan.indicators ? h('p', null, t('How we will know: {text}', { text: plan.indicators })) : null,
        news ? h('p', null, t('Last update ({day}): {words}', { day: dayInWords(news.at || ''), words: news.words })) : null,
        h('p', null, next ? t('Next check-in: {words}.', { words: checkinWords(next, today) }) : t('No check-in planned yet.')));
    })) : h('p', { class: 'empty', key: 'none' }, t('No action plans yet. They are written on Day 2.')));
}

registerScreen({
  id: 'progress',
  order: 90,
  label: () => t('Progress'),
  available: (recs) => [...recs.values()].some((r) => r.kind === 'action_plan'),
  boardIds: () => [],
  render: renderProgress,
});
