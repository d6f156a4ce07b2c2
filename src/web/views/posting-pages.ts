import { html } from '../html.js';
import type { Html } from '../html.js';
import { CATEGORIES, RATINGS, WARNINGS } from '../../tags/tag-types.js';
import { RELATIONS } from '../../works/model.js';
import { POSTING_LIMITS } from '../../works/posting.js';
import { checkbox, errorBox, noticeBox, postForm, select, textArea, textField } from './accounts-forms.js';

/** The posting form's values as typed (strings), so a form with a mistake comes back as it was. */
export interface WorkFormValues {
  title: string; pseudIds: string[]; coCreators: string; rating: string; warnings: string[]; categories: string[];
  fandoms: string; relationships: string; characters: string; freeforms: string; summary: string; notes: string; endNotes: string;
  language: string; seriesExisting: string; seriesNew: string; seriesPart: string; related: string; gifts: string; restricted: boolean; expectedChapters: string;
}

export interface ChapterFormValues { title: string; summary: string; notes: string; endNotes: string; body: string; format: string }

export const EMPTY_WORK: WorkFormValues = {
  title: '', pseudIds: [], coCreators: '', rating: 'Not Rated', warnings: [], categories: [], fandoms: '', relationships: '', characters: '', freeforms: '',
  summary: '', notes: '', endNotes: '', language: 'en', seriesExisting: '', seriesNew: '', seriesPart: '', related: '', gifts: '', restricted: false, expectedChapters: '1',
};
export const EMPTY_CHAPTER: ChapterFormValues = { title: '', summary: '', notes: '', endNotes: '', body: '', format: 'html' };

function chapterFields(c: ChapterFormValues, prefix: string): Html {
  return html`
  ${textField(`${prefix}title`, 'Chapter title (optional)', c.title)}
  ${textArea(`${prefix}summary`, 'Chapter summary (optional)', c.summary, { rows: 2 })}
  ${textArea(`${prefix}notes`, 'Chapter notes (optional)', c.notes, { rows: 2 })}
  <fieldset class="format"><legend>Text format</legend>
    <span class="check"><input type="radio" id="fmt-html" name="${prefix}format" value="html"${c.format !== 'markdown' ? html` checked` : ''}> <label for="fmt-html">Rich text / HTML (paste from a word processor)</label></span>
    <span class="check"><input type="radio" id="fmt-md" name="${prefix}format" value="markdown"${c.format === 'markdown' ? html` checked` : ''}> <label for="fmt-md">Markdown</label></span>
  </fieldset>
  ${textArea(`${prefix}body`, 'Chapter text', c.body, { rows: 16, required: true, hint: `Up to ${POSTING_LIMITS.chapter.toLocaleString('en-US')} characters. Scripts, styles (except alignment) and unsafe links are removed; links get rel="nofollow".` })}
  ${textArea(`${prefix}end_notes`, 'Chapter end notes (optional)', c.endNotes, { rows: 2 })}`;
}

export function workFormPage(opts: {
  mode: 'new' | 'edit'; workId?: number; values: WorkFormValues; chapter?: ChapterFormValues; pseuds: { id: number; name: string }[]; series: string[]; error: string | null;
}): Html {
  const v = opts.values;
  const action = opts.mode === 'new' ? '/works/new' : `/works/${opts.workId}/edit`;
  const selectedPseuds = v.pseudIds.length > 0 ? v.pseudIds : opts.pseuds[0] ? [String(opts.pseuds[0].id)] : [];
  return html`<h1>${opts.mode === 'new' ? 'Post New Work' : 'Edit Work'}</h1>
${errorBox(opts.error)}
${postForm(action, html`
<fieldset><legend>Tags</legend>
  ${select('rating', 'Rating', RATINGS, v.rating)}
  <fieldset class="choices"><legend>Archive Warnings</legend>${WARNINGS.map((w) => html`${checkbox('warnings', w, v.warnings.includes(w), w)}<br>`)}</fieldset>
  <fieldset class="choices"><legend>Categories</legend>${CATEGORIES.map((x) => html`${checkbox('categories', x, v.categories.includes(x), x)} `)}</fieldset>
  ${textField('fandoms', 'Fandoms', v.fandoms, { required: true, hint: 'Separate tags with commas.', list: 'tag-suggestions' })}
  ${textField('relationships', 'Relationships', v.relationships, { list: 'tag-suggestions' })}
  ${textField('characters', 'Characters', v.characters, { list: 'tag-suggestions' })}
  ${textField('freeforms', 'Additional Tags', v.freeforms, { list: 'tag-suggestions', hint: `At most ${POSTING_LIMITS.userTags} fandom, relationship, character and additional tags in all.` })}
  <datalist id="tag-suggestions" data-source="/api/v1/tags/autocomplete?term="></datalist>
</fieldset>
<fieldset><legend>Preface</legend>
  ${textField('title', 'Work Title', v.title, { required: true, maxlength: POSTING_LIMITS.title })}
  <fieldset class="choices"><legend>Creator/Pseud(s)</legend>${opts.pseuds.map((p) => html`${checkbox('pseuds', p.name, selectedPseuds.includes(String(p.id)), String(p.id))} `)}</fieldset>
  ${textField('co_creators', 'Add co-creators', v.coCreators, { hint: 'Account names, or "pseud (account)", separated by commas. They are credited once they accept.' })}
  ${textArea('summary', 'Summary', v.summary, { rows: 4, hint: `Up to ${POSTING_LIMITS.summary.toLocaleString('en-US')} characters.` })}
  ${textArea('notes', 'Notes', v.notes, { rows: 3, hint: `Up to ${POSTING_LIMITS.notes.toLocaleString('en-US')} characters.` })}
  ${textArea('end_notes', 'End Notes', v.endNotes, { rows: 3 })}
</fieldset>
<fieldset><legend>Associations</legend>
  ${textField('gifts', 'Gift this work to', v.gifts, { hint: 'Names, separated by commas.' })}
  ${select('series_existing', 'Add to one of your series', [{ value: '', label: '(none)' }, ...opts.series.map((s) => ({ value: s, label: s }))], v.seriesExisting)}
  ${textField('series_new', 'Or start a new series', v.seriesNew)}
  ${textField('series_part', 'Part in series', v.seriesPart, { type: 'number' })}
  ${textArea('related', 'Related works', v.related, { rows: 2, hint: `One per line: relation (${RELATIONS.join(', ')}), a colon, then a work number, /works/N or a URL, e.g. "inspired by: 12".` })}
  ${textField('language', 'Language', v.language, { hint: 'A language code: en, fr, ja, zh…' })}
  ${textField('expected_chapters', 'Expected number of chapters', v.expectedChapters, { hint: 'A number, or ? if you do not know yet.' })}
  <p>${checkbox('restricted', 'Only show this work to registered users', v.restricted)}</p>
</fieldset>
${opts.chapter ? html`<fieldset><legend>Work Text</legend>${chapterFields(opts.chapter, 'chapter_')}</fieldset>` : ''}
<p class="actions">
  ${opts.mode === 'new' ? html`<button type="submit" name="action" value="preview">Preview</button> <button type="submit" name="action" value="draft">Save As Draft</button> <button type="submit" name="action" value="post" class="primary">Post</button>` : html`<button type="submit" name="action" value="update" class="primary">Update</button> <a href="/works/${opts.workId}">Cancel</a>`}
</p>`, { id: 'work-form' })}
<script src="/static/posting.js" defer></script>`;
}

export function chapterFormPage(workId: number, title: string, c: ChapterFormValues, position: number | null, error: string | null): Html {
  const action = position === null ? `/works/${workId}/chapters/new` : `/works/${workId}/chapters/${position}/edit`;
  return html`<h1>${position === null ? 'New chapter' : `Edit chapter ${position}`} of <a href="/works/${workId}">${title}</a></h1>
${errorBox(error)}
${postForm(action, html`${chapterFields(c, 'chapter_')}<p class="actions"><button type="submit" class="primary">${position === null ? 'Post Chapter' : 'Update Chapter'}</button> <a href="/works/${workId}">Cancel</a></p>`)}`;
}

/** The owner's tools above a work: edit, chapters, post a draft, delete, orphan. */
export function workToolbar(w: { id: number; posted: boolean; chapters: { position: number; title: string | null }[] }, notice: string | null): Html {
  return html`${noticeBox(notice)}<nav class="work-owner-tools" aria-label="Work tools"><ul class="actions">
  ${w.posted ? '' : html`<li>${postForm(`/works/${w.id}/post`, html`<button type="submit" class="primary">Post Work</button>`, { cls: 'inline' })}</li>`}
  <li><a class="button" href="/works/${w.id}/edit">Edit Work</a></li>
  <li><a class="button" href="/works/${w.id}/chapters/new">Add Chapter</a></li>
  <li><a class="button" href="/works/${w.id}/chapters/manage">Manage Chapters</a></li>
  <li><a class="button" href="/works/${w.id}/orphan">Orphan</a></li>
  <li><a class="button danger" href="/works/${w.id}/delete">Delete Work</a></li>
</ul></nav>${w.posted ? '' : html`<p class="draft-banner">This is a draft: only you can see it. It will be visible when you post it.</p>`}`;
}

export function manageChaptersPage(w: { id: number; title: string; chapters: { position: number; title: string | null; words: number }[] }, error: string | null): Html {
  return html`<h1>Manage chapters of <a href="/works/${w.id}">${w.title}</a></h1>${errorBox(error)}
${postForm(`/works/${w.id}/chapters/reorder`, html`<p>Give each chapter its new place (1 is first), then save.</p>
<ol class="manage-chapters">${w.chapters.map((c) => html`<li><label for="order-${c.position}">${c.title ? `Chapter ${c.position}: ${c.title}` : `Chapter ${c.position}`} <span class="note">(${c.words} words)</span></label>
  <input id="order-${c.position}" name="order_${c.position}" type="number" min="1" max="${w.chapters.length}" value="${c.position}" class="short">
  <a href="/works/${w.id}/chapters/${c.position}/edit">Edit</a> <a href="/works/${w.id}/chapters/${c.position}/delete">Delete</a></li>`)}</ol>
<p><button type="submit" class="primary">Update Positions</button></p>`)}`;
}

export function confirmPage(heading: string, text: string, action: string, button: string, cancel: string): Html {
  return html`<h1>${heading}</h1><p>${text}</p>
${postForm(action, html`<p class="actions"><button type="submit" class="danger">${button}</button> <a href="${cancel}">Cancel</a></p>`)}`;
}

/** A moderator's hide / restore form above any work (not shown to anyone else). */
export function moderatorTools(w: { id: number; hiddenAt: string | null }): Html {
  return postForm(`/works/${w.id}/moderate`, w.hiddenAt
    ? html`<p class="moderation">Hidden by a moderator since ${w.hiddenAt.slice(0, 10)}. <button type="submit" name="action" value="restore">Restore Work</button></p>`
    : html`<details class="moderation"><summary>Moderate</summary><p><label for="mod-reason">Reason</label> <input id="mod-reason" name="reason" type="text" required> <button type="submit" name="action" value="hide">Hide Work</button></p></details>`);
}
