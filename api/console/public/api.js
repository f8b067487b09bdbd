// Every call of the page goes to the API itself through /console/api (the session cookie becomes
// the bearer token there); nothing is computed here that the API already answers.

/** @returns {Promise<{ ok: boolean, status: number, body: any }>} */
export async function call(method, path, body) {
  const headers = { 'x-huiying-console': '1', accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/console/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    window.location.assign('/console/sign-in');
    return { ok: false, status: 401, body: null };
  }
  const text = await res.text();
  return { ok: res.ok, status: res.status, body: text ? JSON.parse(text) : null };
}

export async function get(path) {
  const res = await call('GET', path);
  if (!res.ok) throw new Error(problemText(res));
  return res.body;
}

/** The API's error shape `{ error: { code, message, details } }` as one line for people. */
export function problemText(res) {
  const error = res.body && res.body.error;
  if (!error) return `请求失败（HTTP ${res.status}）`;
  const details = error.details;
  const parts = [error.message];
  if (details && typeof details === 'object') {
    if (details.rule) parts.push(`规则：${details.rule}`);
    if (Array.isArray(details)) for (const d of details) if (d && d.field) parts.push(`字段 ${d.field}：${d.message}`);
    if (Array.isArray(details.fields)) for (const d of details.fields) if (d && d.field) parts.push(`字段 ${d.field}：${d.message}`);
  }
  return `未通过（HTTP ${res.status} ${error.code}）：${parts.join('；')}`;
}
