// The console's entry: who is signed in, which sections the role may see, and hash navigation
// (#board, #rates, #decisions, #notices, #consultations, #request/<id>).
import { loadBoard } from './board.js';
import { loadConsultations } from './consultations.js';
import { loadDecisions } from './decisions.js';
import { el, guarded } from './format.js';
import { setTemporalUi } from './links.js';
import { loadNotices } from './notices.js';
import { loadRates } from './rates.js';
import { loadRequest } from './request.js';

const ROLE_LABELS = {
  intake: '受理员',
  dispatcher: '派单员',
  handler: '承办人员',
  supervisor: '督办人员',
  auditor: '考核人员',
  admin: '管理员',
  convener: '社区召集人',
};

const LOADERS = {
  board: loadBoard,
  rates: loadRates,
  decisions: loadDecisions,
  notices: loadNotices,
  consultations: loadConsultations,
};

const mayOpen = (button, role) => button.dataset.roles === '*' || button.dataset.roles.split(' ').includes(role);

async function show(session) {
  const [name, arg] = decodeURIComponent(window.location.hash.slice(1)).split('/');
  const tabs = [...document.querySelectorAll('nav button[data-tab]')].filter((b) => !b.hidden);
  const tab = name === 'request' && arg ? 'request' : tabs.some((b) => b.dataset.tab === name) ? name : tabs[0].dataset.tab;
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== tab;
  for (const button of tabs) button.toggleAttribute('aria-current', false);
  tabs.find((b) => b.dataset.tab === tab)?.setAttribute('aria-current', 'page');
  const section = document.getElementById(tab);
  // Where a failure to load is shown: the section's body (the rates' table for the charts).
  const body = section.querySelector('[id$="-body"]') ?? document.getElementById('rates-table');
  await guarded(body, () => (tab === 'request' ? loadRequest(arg) : LOADERS[tab](session)));
  // Tests and assistive tools can tell a finished load from the previous one.
  section.dataset.loads = String(Number(section.dataset.loads ?? 0) + 1);
}

async function start() {
  const res = await fetch('/console/session', { credentials: 'same-origin' });
  if (!res.ok) return window.location.assign('/console/sign-in');
  const session = await res.json();
  setTemporalUi(session.temporalUi);
  document.body.dataset.role = session.role;
  document.getElementById('who').replaceChildren(
    el('span', {}, `${session.subject}（${ROLE_LABELS[session.role] ?? session.role}${session.unitCode ? ` · ${session.unitCode}` : ''}）`),
  );
  for (const button of document.querySelectorAll('nav button[data-tab]')) {
    // Sections the role may not read are not offered at all (the API would answer 403).
    button.hidden = !mayOpen(button, session.role);
    if (button.hidden) document.getElementById(button.dataset.tab).remove();
    button.addEventListener('click', () => {
      if (window.location.hash === `#${button.dataset.tab}`) show(session);
      else window.location.hash = button.dataset.tab;
    });
  }
  for (const b of document.querySelectorAll('nav button[hidden]')) b.remove();
  window.addEventListener('hashchange', () => show(session));
  await show(session);
}

start();
