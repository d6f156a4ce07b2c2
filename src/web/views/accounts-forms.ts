import { html } from '../html.js';
import type { Html } from '../html.js';
import { requestState } from '../middleware/request-state.js';

/** The hidden CSRF field every form carries (checked by the session middleware on POST). */
export function csrfField(): Html {
  return html`<input type="hidden" name="_csrf" value="${requestState().csrfToken}">`;
}

/** A POST form with its CSRF field. */
export function postForm(action: string, body: Html, attrs: { cls?: string; id?: string } = {}): Html {
  return html`<form method="post" action="${action}" class="${attrs.cls ?? 'fanfold-form'}"${attrs.id ? html` id="${attrs.id}"` : ''}>${csrfField()}${body}</form>`;
}

export function errorBox(message: string | null): Html | '' {
  return message ? html`<div class="flash error" role="alert"><p>${message}</p></div>` : '';
}

export function noticeBox(message: string | null): Html | '' {
  return message ? html`<div class="flash notice" role="status"><p>${message}</p></div>` : '';
}

export function textField(name: string, label: string, value: string, opts: { type?: string; required?: boolean; autocomplete?: string; hint?: string; maxlength?: number; list?: string } = {}): Html {
  const id = `f-${name}`;
  return html`<p class="field"><label for="${id}">${label}</label>
  <input id="${id}" name="${name}" type="${opts.type ?? 'text'}" value="${value}"${opts.required ? html` required` : ''}${opts.autocomplete ? html` autocomplete="${opts.autocomplete}"` : ''}${opts.maxlength ? html` maxlength="${opts.maxlength}"` : ''}${opts.list ? html` list="${opts.list}"` : ''}>
  ${opts.hint ? html`<span class="hint">${opts.hint}</span>` : ''}</p>`;
}

export function textArea(name: string, label: string, value: string, opts: { rows?: number; hint?: string; required?: boolean } = {}): Html {
  const id = `f-${name}`;
  return html`<p class="field"><label for="${id}">${label}</label>
  <textarea id="${id}" name="${name}" rows="${opts.rows ?? 5}"${opts.required ? html` required` : ''}>${value}</textarea>
  ${opts.hint ? html`<span class="hint">${opts.hint}</span>` : ''}</p>`;
}

export function checkbox(name: string, label: string, checked: boolean, value = '1'): Html {
  const id = `f-${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return html`<span class="check"><input type="checkbox" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : ''}> <label for="${id}">${label}</label></span>`;
}

export function select(name: string, label: string, options: readonly (string | { value: string; label: string })[], selected: string): Html {
  const id = `f-${name}`;
  return html`<p class="field"><label for="${id}">${label}</label>
  <select id="${id}" name="${name}">${options.map((o) => {
    const v = typeof o === 'string' ? o : o.value;
    const l = typeof o === 'string' ? o : o.label;
    return html`<option value="${v}"${v === selected ? html` selected` : ''}>${l}</option>`;
  })}</select></p>`;
}
