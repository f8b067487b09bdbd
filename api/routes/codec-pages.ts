/** The two small HTML pages of the codec sign-in (no scripts: the API's CSP allows none). */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:36rem;margin:3rem auto;line-height:1.5}textarea{width:100%;height:6rem}</style>
</head><body>${body}</body></html>`;

export function signInPage(): string {
  return page(
    'Huiying · 审计登录 (codec sign-in)',
    `<h1>审计登录 · Sign in to read workflow payloads</h1>
<p>Temporal UI shows workflow payloads encrypted. Auditors and admins who sign in here see them
decrypted; every decryption is recorded.</p>
<form method="post" action="/codec/sign-in">
<label for="token">API token (auditor or admin)</label>
<textarea id="token" name="token" required autocomplete="off"></textarea>
<p><button type="submit">Sign in</button></p>
</form>`,
  );
}

export function signedInPage(subject: string, role: string, temporalUiUrl?: string): string {
  const link = temporalUiUrl ? `<p><a href="${escape(temporalUiUrl)}">Open Temporal UI</a></p>` : '';
  return page(
    'Huiying · signed in',
    `<h1>Signed in</h1><p>${escape(subject)} (${escape(role)}): Temporal UI now decodes payloads for you in this browser for 8 hours.</p>
<p>On the embedded stack (<code>npm start</code>), once per browser: in Temporal UI open the Codec
Server settings (top bar), choose your browser's setting, keep this API's <code>/codec</code> as the
endpoint and tick "Include cross-origin credentials". The production topology's UI is configured so.</p>${link}
<p><a href="/console">打开督办考核控制台 (console)</a>: the same sign-in serves it.</p>
<form method="post" action="/codec/sign-out"><button type="submit">Sign out</button></form>`,
  );
}
