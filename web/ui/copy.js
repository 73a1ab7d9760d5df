// Copy a link to the clipboard, with a fallback for browsers that refuse the Clipboard API
// (plain http, old phones): select the field so the person can copy it themselves.
import { toast } from './announce.js';
import { t } from '../app/i18n.js';

/** Copy `text`; `input` is the field that shows it, `button` says "Copied" for a moment. */
export async function copyText(text, input, button, done) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch (e) {
    if (input) {
      input.focus();
      input.select();
      try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
    }
  }
  toast(ok ? done : t('Could not copy. The link is selected: copy it with your device’s copy command.'), ok ? 'info' : 'error', 4000);
  if (ok && button) {
    const label = button.textContent;
    button.textContent = t('Copied');
    setTimeout(() => { if (button.isConnected) button.textContent = label; }, 2000);
  }
  return ok;
}
