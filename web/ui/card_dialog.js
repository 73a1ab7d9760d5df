// The card dialog: the keyboard and screen-reader path for every drag (move a card to a theme, to
// "not yet themed", to another board), copy into a second theme, split a card, and (for staff)
// the card's trail. Loaded by app/shell.js on the first tap on a card, not with the page.
import { h } from './dom.js';
import { openDialog } from './dialog.js';
import { view, themesWithCards, themingBoards, canFacilitate } from '../model/store.js';
import { t, tn } from '../app/i18n.js';
import { boardHeading } from '../app/words.js';
import { LABELS, LIMITS } from '../protocol_all.js';

const MAX_TEXT = LIMITS.CARD_TEXT;
import { statusWords, nextCheckin, checkinWords, todayIso } from '../model/after.js';

/**
 * The card dialog: where should this card go? ctx.act supplies group, moveToBoard, duplicate,
 * split; ctx.store gives the current view. Redrawn when remote changes arrive.
 */
export function openCardDialog(ctx, cardId, start = 'move') {
  let mode = start;
  const trail = { state: 'idle', data: null };
  let parts = null;
  let partError = '';
  let returnKey = `card-${cardId}`;
  const dlg = openDialog('card-dialog-title', draw, () => {
    ctx.ui.dialog = null;
    ctx.act.focusKey(returnKey);
  });
  ctx.ui.dialog = dlg;

  function done(focusKey) {
    if (focusKey) returnKey = focusKey;
    dlg.close();
  }

  function draw() {
    const recs = view(ctx.store);
    const card = recs.get(cardId);
    if (!card) {
      return [h('h2', { id: 'card-dialog-title' }, t('This card has gone')),
        h('p', null, t('Someone else has just moved, split or deleted this card.')),
        h('div', { class: 'dialog-actions' }, h('button', { type: 'button', onclick: () => done(), 'data-autofocus': '' }, t('Close')))];
    }
    const themes = themesWithCards(recs, card.board_id).filter((x) => !x.theme.pending);
    const preview = h('p', { class: 'card-preview', key: 'preview' }, h('span', { class: 'tag' }, card.tag || ''), ' ', card.text);
    if (mode === 'trail') return drawTrail(recs, card, preview);
    if (mode === 'copy') {
      const options = themes.filter((x) => x.theme.id !== card.theme_id);
      return [
        h('h2', { id: 'card-dialog-title', key: 'title' }, t('Copy this card into another theme')), preview,
        options.length
          ? h('ul', { class: 'choice-list', key: 'copy-list' }, options.map((x, i) => h('li', { key: x.theme.id },
            h('button', { type: 'button', 'data-autofocus': i === 0 ? '' : null, onclick: () => { ctx.act.duplicate(card.id, x.theme.id); done(); } },
              x.theme.text, ' (', tn('{n} card', '{n} cards', x.count), ')'))))
          : h('p', { key: 'none' }, t('There is no other theme on this board yet.')),
        h('div', { class: 'dialog-actions', key: 'actions' },
          h('button', { type: 'button', onclick: () => { mode = 'move'; dlg.redraw(); focusFirst(); } }, t('Back')),
          h('button', { type: 'button', onclick: () => done() }, t('Cancel'))),
      ];
    }
    if (mode === 'split') {
      if (!parts) parts = [card.text, ''];
      return [
        h('h2', { id: 'card-dialog-title', key: 'title' }, t('Split this card')), preview,
        h('p', { key: 'help' }, t('Give each part its own words. The original card is replaced by the parts, which stay in the same theme.')),
        partError ? h('p', { class: 'field-error', role: 'alert', key: 'err' }, partError) : null,
        h('form', {
          key: 'split-form', novalidate: true,
          onsubmit: (e) => {
            e.preventDefault();
            const texts = parts.map((p) => p.trim());
            if (texts.some((x) => !x)) { partError = t('Every part needs some words. Remove the empty part or type in it.'); dlg.redraw(); return; }
            if (texts.some((x) => x.length > MAX_TEXT)) { partError = t('Each part can be at most {max} characters.', { max: MAX_TEXT }); dlg.redraw(); return; }
            ctx.act.split(card.id, texts);
            done(`board-${card.board_id}`);
          },
        },
        parts.map((p, i) => h('div', { class: 'field', key: `part-${i}` },
          h('label', { for: `split-part-${i}` }, t('Part {n}', { n: i + 1 })),
          h('textarea', {
            id: `split-part-${i}`, rows: 2, maxlength: String(MAX_TEXT), value: p, 'data-autofocus': i === 0 ? '' : null,
            oninput: (e) => { parts[i] = e.currentTarget.value; },
          }),
          parts.length > 2 ? h('button', { type: 'button', class: 'small', onclick: () => { parts.splice(i, 1); dlg.redraw(); } },
            t('Remove part {n}', { n: i + 1 })) : null)),
        parts.length < 10 ? h('button', { type: 'button', onclick: () => { parts.push(''); dlg.redraw(); focusLast(); } }, t('Add another part')) : null,
        h('div', { class: 'dialog-actions' },
          h('button', { type: 'submit', class: 'primary' }, tn('Split into {n} card', 'Split into {n} cards', parts.length)),
          h('button', { type: 'button', onclick: () => { mode = 'move'; partError = ''; dlg.redraw(); focusFirst(); } }, t('Back')),
          h('button', { type: 'button', onclick: () => done() }, t('Cancel')))),
      ];
    }
    const others = themingBoards(recs).filter((b) => b.id !== card.board_id);
    const moveTo = themes.filter((x) => x.theme.id !== card.theme_id);
    const current = card.theme_id ? recs.get(card.theme_id) : null;
    return [
      h('h2', { id: 'card-dialog-title', key: 'title' }, t('Move card to…')), preview,
      h('p', { key: 'where' }, current ? t('Now in the theme: {theme}', { theme: current.text }) : t('Now: not yet themed')),
      h('h3', { key: 'h-themes' }, t('A theme on this board')),
      moveTo.length
        ? h('ul', { class: 'choice-list', key: 'themes' }, moveTo.map((x, i) => h('li', { key: x.theme.id },
          h('button', { type: 'button', 'data-autofocus': i === 0 ? '' : null, onclick: () => { ctx.act.group(card.id, x.theme.id); done(); } },
            x.theme.text, ' (', tn('{n} card', '{n} cards', x.count), ')'))))
        : h('p', { key: 'no-themes' }, t('There are no other themes on this board yet. Add one with “New theme”.')),
      card.theme_id ? h('ul', { class: 'choice-list', key: 'untheme' }, h('li', null,
        h('button', { type: 'button', onclick: () => { ctx.act.group(card.id, null); done(); } }, t('Not yet themed (take it out of its theme)')))) : null,
      h('h3', { key: 'h-boards' }, t('Another board')),
      h('ul', { class: 'choice-list', key: 'boards' }, others.map((b) => h('li', { key: b.id },
        h('button', { type: 'button', class: `board-choice type-${b.type}`, onclick: () => { ctx.act.moveToBoard(card.id, b.id); done(); } },
          h('span', { class: 'tag' }, b.type), ' ', t('{board} board', { board: boardHeading(b.type) }))))),
      h('h3', { key: 'h-more' }, t('More')),
      h('ul', { class: 'choice-list', key: 'more' },
        h('li', { key: 'copy' }, h('button', { type: 'button', onclick: () => { mode = 'copy'; dlg.redraw(); focusFirst(); } }, t('Copy into another theme…'))),
        canFacilitate(ctx.store.me) ? h('li', { key: 'split' }, h('button', { type: 'button', onclick: () => { mode = 'split'; dlg.redraw(); focusFirst(); } }, t('Split this card…'))) : null,
        canFacilitate(ctx.store.me) && card.type === 'data' ? h('li', { key: 'trail' }, h('button', { type: 'button', onclick: () => { mode = 'trail'; dlg.redraw(); focusFirst(); } }, t('Trail: what happened to this answer…'))) : null),
      // With no theme to choose, focus waits on Cancel: Enter must never send the card to another board.
      h('div', { class: 'dialog-actions', key: 'actions' }, h('button', {
        type: 'button', onclick: () => done(), 'data-autofocus': moveTo.length || card.theme_id ? null : '',
      }, t('Cancel'))),
    ];
  }

  /** The card's trail, for staff: from the answer as given to the plan that came out of it (GET …/trail). */
  function drawTrail(recs, card, preview) {
    if (trail.state === 'idle') loadTrail();
    const back = start === 'trail' ? null
      : h('button', { type: 'button', onclick: () => { mode = 'move'; dlg.redraw(); focusFirst(); } }, t('Back'));
    const actions = h('div', { class: 'dialog-actions', key: 'actions' }, back,
      h('button', { type: 'button', onclick: () => done() }, t('Close')));
    const title = h('h2', { id: 'card-dialog-title', key: 'title', tabindex: '-1', 'data-autofocus': '' }, t('What happened to this answer'));
    if (trail.state !== 'done') {
      const words = trail.state === 'failed' ? t('The trail could not be loaded. Close this and try again.') : t('Loading the trail…');
      return [title, preview, h('p', { key: 'wait', role: trail.state === 'failed' ? 'alert' : 'status' }, words), actions];
    }
    const d = trail.data;
    const step = (key, heading, ...body) => h('li', { key, class: `trail-step trail-${key}` }, h('h3', null, heading), ...body);
    const steps = [];
    if (d.answer) {
      const code = d.answer.code && LABELS.amendmentCodes[d.answer.code];
      steps.push(step('answer', t('The answer as it was given'),
        h('p', { class: 'trail-words' }, d.answer.original),
        code ? h('p', null, t('Amendment: {code} ({label})', { code: d.answer.code, label: t(code.label) })) : h('p', null, t('Not amended.')),
        d.answer.amended && d.answer.amended !== d.answer.original ? h('p', null, t('On the board as: {text}', { text: d.answer.amended })) : null,
        d.answer.reason ? h('p', null, t('Why: {reason}', { reason: d.answer.reason })) : null));
    } else {
      steps.push(step('answer', t('The answer as it was given'), h('p', null, t('Written on the board at the workshop, not imported from the answers.'))));
    }
    if (d.theme) {
      steps.push(step('theme', t('The theme it went into'), h('p', { class: 'trail-words' }, d.theme.text),
        h('p', null, tn('{n} dot', '{n} dots', d.theme.dots), ', ', tn('{n} card', '{n} cards', d.theme.cards)),
        d.theme.taken_to ? h('p', null, t('Taken to: {place}', { place: d.theme.taken_to })) : null));
    } else {
      steps.push(step('theme', t('The theme it went into'), h('p', null, t('It is not in a theme yet.'))));
    }
    if (d.table) {
      steps.push(step('table', t('The table that took the theme'), h('p', null, d.table.name),
        d.root_causes.length
          ? [h('p', null, t('Its root causes:')), h('ul', { class: 'trail-causes' }, d.root_causes.map((c, i) => h('li', { key: String(i) }, c)))]
          : h('p', null, t('No root causes written yet.'))));
      steps.push(step('plan', t('The action plan that came out of it'),
        d.plans.length ? h('ul', { class: 'trail-plans' }, d.plans.map((p) => {
          const plan = recs.get(p.plan_id);
          const next = plan ? nextCheckin(recs, p.plan_id) : null;
          return h('li', { key: p.plan_id },
            h('p', null, h('strong', null, [p.code, p.idea].filter(Boolean).join(' '))),
            h('p', null, t('Now: '), plan ? statusWords(plan) : p.status_words),
            p.lead ? h('p', null, t('Lead: {name}.', { name: p.lead })) : null,
            next ? h('p', null, t('Next check-in: {words}.', { words: checkinWords(next, todayIso()) })) : null);
        })) : h('p', null, t('No action plan yet.'))));
    } else if (d.theme) {
      steps.push(step('table', t('The table that took the theme'), h('p', null, t('No table was given this theme.'))));
    }
    return [title, preview, h('ol', { class: 'trail', key: 'trail' }, steps), actions];
  }

  async function loadTrail() {
    trail.state = 'loading';
    try {
      trail.data = await ctx.conn.call('GET', `cards/${encodeURIComponent(cardId)}/trail`);
      trail.state = 'done';
    } catch (e) {
      trail.state = 'failed';
    }
    dlg.redraw();
  }

  function focusFirst() {
    const el = dlg.el.querySelector('[data-autofocus]') || dlg.el.querySelector('button');
    if (el) el.focus();
  }
  function focusLast() {
    const all = dlg.el.querySelectorAll('textarea');
    if (all.length) all[all.length - 1].focus();
  }
  return dlg;
}

