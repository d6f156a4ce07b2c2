import { html } from '../html.js';
import type { Html } from '../html.js';
import { requestState } from '../middleware/request-state.js';
import { csrfField } from './accounts-forms.js';

export interface PageMeta {
  title: string;
  siteName: string;
  description?: string;
  /** Adds <meta name="robots" content="noindex"> (error pages, adult notices). */
  noindex?: boolean;
}

/** The page shell: skip link, header with site navigation, main landmark, footer. */
export function layout(meta: PageMeta, body: Html): Html {
  const { user, prefs } = requestState();
  const bodyClass = `theme-${prefs.theme} font-${prefs.fontSize} width-${prefs.lineWidth}${prefs.hideWarnings ? ' pref-hide-warnings' : ''}${prefs.hideFreeforms ? ' pref-hide-freeforms' : ''}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title} | ${meta.siteName}</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
${meta.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="stylesheet" href="/static/style.css">
</head>
<body class="${bodyClass}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="wrap">
    <a class="brand" href="/">${meta.siteName}</a>
    <nav aria-label="Site">
      <ul class="site-nav">
        <li><a href="/works">Works</a></li>
        <li><a href="/fandoms">Fandoms</a></li>
        <li><a href="/collections">Collections</a></li>
        <li><a href="/about">About</a></li>
      </ul>
    </nav>
    <nav aria-label="Account" class="account-nav">
      ${user
        ? html`<ul class="site-nav"><li><a href="/works/new">Post</a></li><li><a href="/account" class="account-link">Hi, ${user.name}!</a></li><li><form method="post" action="/logout" class="logout">${csrfField()}<button type="submit" class="link">Log Out</button></form></li></ul>`
        : html`<ul class="site-nav"><li><a href="/login">Log In</a></li><li><a href="/signup">Sign Up</a></li></ul>`}
    </nav>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${body}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>Powered by <a href="/about">Fanfold</a>, an open-source fan fiction archive. Works belong to their creators. <a href="/takedown">Take-down requests</a>.</p>
  </div>
</footer>
</body>
</html>`;
}
