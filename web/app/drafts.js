// Text being typed is saved per workshop and field, so a reload, a dropped connection or the
// facilitator moving the room on never loses it.

const PREFIX = 'coboard.draft.';

function key(wid, field) {
  return `${PREFIX}${wid}.${field}`;
}

/** The saved draft of a field, or ''. */
export function loadDraft(wid, field) {
  try { return localStorage.getItem(key(wid, field)) || ''; } catch (e) { return ''; }
}

/** Save (or, when empty, forget) the draft of a field. */
export function saveDraft(wid, field, text) {
  try {
    if (text) localStorage.setItem(key(wid, field), text);
    else localStorage.removeItem(key(wid, field));
  } catch (e) { /* private mode or full storage: the text stays in the field */ }
}

/** Forget a draft once its text has been handed to the outbox. */
export function clearDraft(wid, field) {
  saveDraft(wid, field, '');
}
