/** The console's sign-in page: a plain form (no script), like the codec's. */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function consoleSignInPage(problem?: string): string {
  const alert = problem ? `<p class="problem" role="alert">${escape(problem)}</p>` : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>呼应 · 督办考核控制台 · 登录</title><link rel="stylesheet" href="/console/assets/console.css"></head>
<body class="sign-in"><main>
<h1>呼应 · 督办考核控制台</h1>
<p>请粘贴所在单位签发的 API 令牌登录。登录后 8 小时有效；审计人员的同一次登录也用于 Temporal UI 的载荷解密。</p>
${alert}
<form method="post" action="/console/sign-in">
<label for="token">API 令牌</label>
<textarea id="token" name="token" required autocomplete="off" spellcheck="false"></textarea>
<p><button type="submit">登录</button></p>
</form></main></body></html>`;
}
