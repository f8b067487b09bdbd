// Small DOM and text helpers: Beijing time, percentages, element building without innerHTML.
import { CONSULTATION_STATUS_LABELS, STATUS_LABELS } from './labels.js';

const BEIJING_OFFSET_MS = 8 * 3600_000;

/**
 * An ISO instant as Beijing time, `2026-12-03 15:05`, the way every text of Huiying says it
 * (domain/shared/time.ts beijingTime): a deadline at midnight is 24:00 of the day before (民法典 203).
 */
export function bjTime(iso) {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + BEIJING_OFFSET_MS).toISOString();
  if (local.slice(11, 23) === '00:00:00.000') {
    const dayBefore = new Date(Date.parse(`${local.slice(0, 10)}T00:00:00Z`) - 24 * 3600_000).toISOString().slice(0, 10);
    return `${dayBefore} 24:00`;
  }
  return local.slice(0, 16).replace('T', ' ');
}

/** The Beijing calendar month of now, YYYY-MM. */
export const currentMonth = () => new Date(Date.now() + BEIJING_OFFSET_MS).toISOString().slice(0, 7);

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
export const statusText = (status) => STATUS_LABELS[status] ?? status;
export const consultationStatusText = (status) => CONSULTATION_STATUS_LABELS[status] ?? status;
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
