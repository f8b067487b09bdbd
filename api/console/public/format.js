// Small DOM and text helpers: Beijing time, percentages, element building without innerHTML.

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant as Beijing time, e.g. 2026/12/03 18:00. */
export const bjTime = (iso) => (iso ? beijing.format(new Date(iso)) : '—');

/** The Beijing calendar month of now, YYYY-MM. */
export function currentMonth() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  const value = (type) => parts.find((p) => p.type === type).value;
  return `${value('year')}-${value('month')}`;
}

/** [from, to) of a Beijing month as ISO instants with the +08:00 offset. */
export function monthWindow(month) {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01T00:00:00+08:00`, to: `${next}-01T00:00:00+08:00` };
}

/** A rate of the API (0–1, or null without data) as text. */
export const pct = (rate) => (rate === null || rate === undefined ? '无数据' : `${(rate * 100).toFixed(1)}%`);

/** Builds an element: attributes (on*: listeners), then children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A table from header labels and rows of cells. */
export function table(headers, rows, caption) {
  return el(
    'table',
    {},
    caption ? el('caption', {}, caption) : null,
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c))))),
  );
}

export const TIER_LABELS = { GRID: '网格', COMMUNITY: '社区', STREET: '街乡镇', DISTRICT: '区', DEPARTMENT: '部门', UNKNOWN: '未知' };
/** The answering unit's kind on the board. */
export const GROUP_LABELS = { STREET: '街道', DEPARTMENT: '部门', DISTRICT: '区级', COMMUNITY: '社区', GRID: '网格', UNKNOWN: '未派单' };
/** Status names for people, as domain/request-model.ts STATUS_LABELS has them (list rows carry the code only). */
export const STATUS_LABELS = {
  RECEIVED: '受理', TRIAGED: '研判', DISPATCHED: '派单', SIGNED: '签收', RESPONDED: '响应', IN_PROGRESS: '办理',
  SUSPENDED: '暂停计时', RESOLVED: '办结', REVIEWED: '审核', CALLBACK: '回访', RATED: '评价', ARCHIVED: '归档',
  ANSWERED_DIRECT: '直接答复', RETURN_REQUESTED: '退单待审', WITHDRAWN: '撤回', MERGED: '合并', RECHECK: '督回访复查',
};
export const statusText = (status) => STATUS_LABELS[status] ?? status;
export const SUPERVISION_LABELS = { 0: '—', 1: '提醒（50%）', 2: '催办（75%）', 3: '督办单（超期）', 4: '通报' };

/** Replaces a container's content with the children, or with a message when there are none. */
export function fill(container, children, empty = '暂无。') {
  container.replaceChildren(...(children.length ? children : [el('p', { class: 'hint' }, empty)]));
}

/** Runs a section loader and shows its failure in the section instead of a blank page. */
export async function guarded(container, load) {
  try {
    await load();
  } catch (err) {
    container.replaceChildren(el('p', { class: 'problem', role: 'alert' }, `加载失败：${err.message}`));
  }
}
