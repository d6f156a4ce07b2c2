import { html } from '../html.js';
import type { Html } from '../html.js';

export interface PageMeta {
  title: string;
  siteName: string;
  description?: string;
  /** Adds <meta name="robots" content="noindex"> (error pages, adult notices). */
  noindex?: boolean;
}

/** The page shell: skip link, header with site navigation, main landmark, footer. */
export function layout(meta: PageMeta, body: Html): Html {
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
<body>
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
