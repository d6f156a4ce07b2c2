import { fmtDate, html } from '../html.js';
import type { Html } from '../html.js';
import { checkbox, errorBox, noticeBox, postForm, select, textArea, textField } from './accounts-forms.js';
import type { AccountSettings } from '../../accounts/settings.js';
import type { Preferences } from '../../accounts/preferences.js';
import { FONT_SIZES, LINE_WIDTHS, SORTS, THEMES } from '../../accounts/preferences.js';
import { pseudPath } from '../../accounts/creator-store.js';

export interface SignUpValues { name: string; email: string; inviteCode: string }

export function signUpPage(s: AccountSettings, v: SignUpValues, error: string | null): Html {
  if (s.signup === 'closed') return html`<h1>Sign up</h1><p>Sign-ups are closed on this archive at the moment.</p>`;
  return html`<h1>Create an account</h1>
${errorBox(error)}
${postForm('/signup', html`
  ${textField('name', 'User name', v.name, { required: true, autocomplete: 'username', hint: '3 to 40 letters, digits, hyphens or underscores. This is also your first pseud.' })}
  ${textField('email', 'Email', v.email, { type: 'email', required: true, autocomplete: 'email', hint: 'Used only for password resets and notices; never shown.' })}
  ${textField('password', 'Password', '', { type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 8 characters, and not one of the most common passwords.' })}
  ${textField('password_confirmation', 'Confirm password', '', { type: 'password', required: true, autocomplete: 'new-password' })}
  ${s.signup === 'invite' ? textField('invite_code', 'Invitation code', v.inviteCode, { required: true, hint: 'Sign-up on this archive is by invitation.' }) : ''}
  <details class="terms"><summary>Terms of Service</summary><p>${s.terms}</p></details>
  <p>${checkbox('accept_terms', 'I have read and accept the Terms of Service', false)}</p>
  <p>${checkbox('confirm_age', `I am at least ${s.minimumAge} years old`, false)}</p>
  <p><button type="submit">Create Account</button></p>`)}
<p>Already have an account? <a href="/login">Log in</a>.</p>`;
}

export function logInPage(login: string, error: string | null, notice: string | null = null, next = ''): Html {
  return html`<h1>Log in</h1>
${noticeBox(notice)}${errorBox(error)}
${postForm('/login', html`${next ? html`<input type="hidden" name="next" value="${next}">` : ''}
  ${textField('login', 'User name or email', login, { required: true, autocomplete: 'username' })}
  ${textField('password', 'Password', '', { type: 'password', required: true, autocomplete: 'current-password' })}
  <p><button type="submit">Log In</button></p>`)}
<p><a href="/password/forgot">Forgot your password?</a> · <a href="/signup">Create an account</a></p>`;
}

export function forgotPage(sent: boolean, error: string | null): Html {
  return html`<h1>Forgotten password</h1>
${errorBox(error)}
${sent ? noticeBox('If an account has that email address, a link to reset its password is on its way. It works for two hours.') : ''}
${postForm('/password/forgot', html`
  ${textField('email', 'Email', '', { type: 'email', required: true, autocomplete: 'email' })}
  <p><button type="submit">Reset Password</button></p>`)}`;
}

export function resetPage(token: string, valid: boolean, error: string | null): Html {
  if (!valid) return html`<h1>Reset password</h1><p>This link is invalid or has expired. <a href="/password/forgot">Ask for a new one</a>.</p>`;
  return html`<h1>Choose a new password</h1>
${errorBox(error)}
${postForm(`/password/reset/${token}`, html`
  ${textField('password', 'New password', '', { type: 'password', required: true, autocomplete: 'new-password' })}
  <p><button type="submit">Set Password</button></p>`)}`;
}

export interface DashboardData {
  user: { name: string; email: string | null; roles: readonly string[] };
  pseuds: { id: number; name: string; is_default: number; description: string | null }[];
  works: { id: number; title: string; posted: number; chapter_count: number; updated_at: string; rating: string }[];
  invitations: { work_id: number; pseud_id: number; title: string; pseud: string }[];
}

export function dashboardPage(d: DashboardData, notice: string | null, error: string | null): Html {
  const u = d.user;
  return html`<h1>${u.name}</h1>
${noticeBox(notice)}${errorBox(error)}
<p class="note">Roles: ${u.roles.join(', ') || 'none'}.</p>
<p class="actions"><a class="button" href="/works/new">Post New Work</a> <a href="/preferences">Preferences</a> <a href="/history">History</a>${u.roles.includes('admin') ? html` <a href="/admin">Admin</a>` : ''}</p>

<section aria-labelledby="works-h"><h2 id="works-h">Your works</h2>
${d.works.length === 0 ? html`<p class="empty">You have not posted anything yet.</p>` : html`<ul class="dashboard-works">${d.works.map((w) => html`<li><a href="/works/${w.id}">${w.title}</a> ${w.posted ? '' : html`<span class="draft-label">Draft</span>`} <span class="note">${w.chapter_count} chapter(s), ${w.rating}, updated ${fmtDate(w.updated_at)}</span> · <a href="/works/${w.id}/edit">Edit</a></li>`)}</ul>`}
</section>

${d.invitations.length > 0 ? html`<section aria-labelledby="inv-h"><h2 id="inv-h">Co-creator invitations</h2><ul>${d.invitations.map((i) => html`<li>“${i.title}” as ${i.pseud}
  ${postForm(`/account/invitations/${i.work_id}/${i.pseud_id}`, html`<button name="answer" value="accept">Accept</button> <button name="answer" value="decline">Decline</button>`, { cls: 'inline' })}</li>`)}</ul></section>` : ''}

<section aria-labelledby="pseuds-h"><h2 id="pseuds-h">Pseuds</h2>
<ul class="pseuds">${d.pseuds.map((p) => html`<li><a href="${pseudPath(u.name, p.name)}">${p.name}</a>${p.is_default ? html` <span class="note">(default)</span>` : ''}
  <details><summary>Edit</summary>${postForm(`/account/pseuds/${p.id}`, html`${textField(`name`, 'Name', p.name)}${textArea('description', 'Description', p.description ?? '', { rows: 2 })}
  <p><button type="submit" name="action" value="rename">Save</button>${p.is_default ? '' : html` <button type="submit" name="action" value="default">Make Default</button>`}</p>`)}</details></li>`)}</ul>
${postForm('/account/pseuds', html`<fieldset><legend>New pseud</legend>${textField('name', 'Name', '')}${textArea('description', 'Description', '', { rows: 2 })}<p><button type="submit">Create Pseud</button></p></fieldset>`)}
</section>

<section aria-labelledby="settings-h"><h2 id="settings-h">Account settings</h2>
${postForm('/account/email', html`<fieldset><legend>Change email</legend><p class="note">Now: ${u.email ?? 'none'}</p>
  ${textField('email', 'New email', '', { type: 'email', required: true })}${textField('password', 'Current password', '', { type: 'password', required: true, autocomplete: 'current-password' })}
  <p><button type="submit">Change Email</button></p></fieldset>`)}
${postForm('/account/password', html`<fieldset><legend>Change password</legend>
  ${textField('current', 'Current password', '', { type: 'password', required: true, autocomplete: 'current-password' })}${textField('password', 'New password', '', { type: 'password', required: true, autocomplete: 'new-password' })}
  <p><button type="submit">Change Password</button></p></fieldset>`)}
${postForm('/logout-everywhere', html`<p><button type="submit">Log Out Everywhere</button> <span class="note">Ends every session of this account, on every device.</span></p>`)}
<p><a href="/account/delete">Delete my account</a></p>
</section>`;
}

export function deleteAccountPage(error: string | null): Html {
  return html`<h1>Delete your account</h1>${errorBox(error)}
<p>This cannot be undone. What should happen to your works?</p>
${postForm('/account/delete', html`
  <p><span class="check"><input type="radio" id="w-orphan" name="works" value="orphan" checked> <label for="w-orphan">Orphan them: they stay on the archive, credited to orphan_account</label></span><br>
  <span class="check"><input type="radio" id="w-delete" name="works" value="delete"> <label for="w-delete">Delete them (works you share with co-creators stay, without you)</label></span></p>
  ${textField('password', 'Password', '', { type: 'password', required: true, autocomplete: 'current-password' })}
  <p><button type="submit" class="danger">Yes, Delete My Account</button> <a href="/account">Cancel</a></p>`)}`;
}

export function claimPage(token: string, author: { name: string; claimed: boolean } | null, pseuds: { id: number; name: string }[] | null, error: string | null): Html {
  if (!author) return html`<h1>Claim works</h1><p>This claim link is invalid or has expired.</p>`;
  if (author.claimed) return html`<h1>Claim works</h1><p>The works of ${author.name} have already been claimed.</p>`;
  if (pseuds === null) return html`<h1>Claim the works of ${author.name}</h1><p>Please <a href="/login?next=${encodeURIComponent(`/claim/${token}`)}">log in</a> or <a href="/signup">create an account</a>, then open this link again.</p>`;
  return html`<h1>Claim the works of ${author.name}</h1>${errorBox(error)}
<p>All works imported under “${author.name}” will move to the pseud you choose; their dates, stats and comments stay as they are, and the old creator page will point to your pseud.</p>
${postForm(`/claim/${token}`, html`${select('pseud', 'Pseud', pseuds.map((p) => ({ value: String(p.id), label: p.name })), String(pseuds[0]?.id ?? ''))}<p><button type="submit">Claim Works</button></p>`)}`;
}

export function adminPage(s: AccountSettings, notice: string | null, error: string | null, invites: string[] = []): Html {
  return html`<h1>Administration</h1>${noticeBox(notice)}${errorBox(error)}
<p><a href="/admin/outbox">Outbox (emails sent by the archive)</a></p>
${postForm('/admin/settings', html`<fieldset><legend>Sign-up</legend>
  ${select('signup', 'Sign-up', [{ value: 'open', label: 'Open' }, { value: 'invite', label: 'By invitation code' }, { value: 'closed', label: 'Closed' }], s.signup)}
  ${textField('minimumAge', 'Minimum age', String(s.minimumAge), { type: 'number' })}
  ${textArea('terms', 'Terms of Service', s.terms, { rows: 4 })}
  <p><button type="submit">Save</button></p></fieldset>`)}
${postForm('/admin/invites', html`<fieldset><legend>Invitation codes</legend>${textField('count', 'How many', '1', { type: 'number' })}<p><button type="submit">Create Codes</button></p>
  ${invites.length > 0 ? html`<ul class="codes">${invites.map((i) => html`<li><code>${i}</code></li>`)}</ul>` : ''}</fieldset>`)}
${postForm('/admin/claims', html`<fieldset><legend>Imported authors</legend>
  ${textField('legacy', 'Imported author name', '', { required: true })}
  ${textField('account', 'Grant to account (pseud (account), or account for its default pseud)', '')}
  <p><button type="submit" name="action" value="grant">Grant Works</button> <button type="submit" name="action" value="send">Email Claim Links</button></p>
  <p class="note">Claim links go to the email addresses recorded privately for that author in its import; they are never shown.</p></fieldset>`)}`;
}

export function outboxPage(rows: { id: number; to_address: string; subject: string; body: string; created_at: string; sent_at: string | null }[]): Html {
  return html`<h1>Outbox</h1><p class="note">Every email the archive sent${process.env.FANFOLD_SMTP_URL ? '' : ' (no SMTP server is configured: emails are only kept here and in the log)'}.</p>
${rows.length === 0 ? html`<p class="empty">No emails yet.</p>` : html`<ol class="outbox">${rows.map((r) => html`<li class="mail"><h2>${r.subject}</h2><p class="note">#${r.id} to ${r.to_address}, ${r.created_at}${r.sent_at ? ', sent' : ''}</p><pre>${r.body}</pre></li>`)}</ol>`}`;
}

export function preferencesPage(p: Preferences, notice: string | null): Html {
  const lines = (a: string[]) => a.join('\n');
  return html`<h1>Preferences</h1>${noticeBox(notice)}
${postForm('/preferences', html`
<fieldset><legend>Listings and works</legend>
  <p>${checkbox('showAdult', 'Show adult works without the adult content notice', p.showAdult)}</p>
  <p>${checkbox('hideWarnings', 'Hide archive warnings in listings (click to reveal)', p.hideWarnings)}</p>
  <p>${checkbox('hideFreeforms', 'Hide additional tags in listings', p.hideFreeforms)}</p>
  ${select('sort', 'Default listing sort', SORTS.map((s) => ({ value: s, label: s === 'posted' ? 'date posted' : s === 'updated' ? 'date updated' : s })), p.sort)}
</fieldset>
<fieldset><legend>Muted (left out of every listing)</legend>
  ${textArea('mutedTags', 'Tags (one per line)', lines(p.mutedTags), { rows: 3 })}
  ${textArea('mutedFandoms', 'Fandoms (one per line)', lines(p.mutedFandoms), { rows: 3 })}
  ${textArea('mutedCreators', 'Creators (one per line)', lines(p.mutedCreators), { rows: 3 })}
</fieldset>
<fieldset><legend>Reading</legend>
  ${select('fontSize', 'Font size', FONT_SIZES, p.fontSize)}
  ${select('lineWidth', 'Line width', LINE_WIDTHS, p.lineWidth)}
  ${select('theme', 'Theme', THEMES, p.theme)}
  <p>${checkbox('history', 'Keep a reading history', p.history)}</p>
</fieldset>
<p><button type="submit">Save Preferences</button></p>`)}`;
}

export function historyPage(rows: { work_id: number; title: string; chapter_position: number | null; viewed_at: string; views: number }[], on: boolean): Html {
  return html`<h1>History</h1>
${on ? '' : html`<p class="note">Reading history is off. Turn it on in <a href="/preferences">Preferences</a>.</p>`}
${rows.length === 0 ? html`<p class="empty">Nothing read yet.</p>` : html`<ul class="history">${rows.map((r) => html`<li><a href="/works/${r.work_id}${r.chapter_position ? `/chapters/${r.chapter_position}` : ''}">${r.title}</a> <span class="note">last visited ${fmtDate(r.viewed_at)}, ${r.views} visit(s)</span></li>`)}</ul>`}`;
}
