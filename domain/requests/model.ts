/**
 * The 接诉即办 request as a state machine: its types, statuses and clocks (the actions between
 * the statuses are in domain/requests/actions.ts). Pure data; workflows and the API both import it.
 */
export const REQUEST_TYPES = ['咨询', '求助', '投诉', '举报', '建议'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const URGENCIES = ['EMERGENCY', 'URGENT', 'GENERAL', 'COMPLEX'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CHANNELS = ['HOTLINE', 'WEB', 'APP', 'WECHAT', 'GRID_REPORT', 'OTHER'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SLA_CLOCKS = ['DISPATCH', 'SIGN', 'RESPOND', 'RESOLVE', 'RETURN_WINDOW', 'EXTENSION_MAX'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];

export const REQUEST_STATUSES = [
  'RECEIVED',
  'TRIAGED',
  'DISPATCHED',
  'SIGNED',
  'RESPONDED',
  'IN_PROGRESS',
  'SUSPENDED',
  'RESOLVED',
  'REVIEWED',
  'CALLBACK',
  'RATED',
  'ARCHIVED',
  'ANSWERED_DIRECT',
  'RETURN_REQUESTED',
  'WITHDRAWN',
  'MERGED',
  'RECHECK',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const STATUS_LABELS: Record<RequestStatus, string> = {
  RECEIVED: '受理',
  TRIAGED: '研判',
  DISPATCHED: '派单',
  SIGNED: '签收',
  RESPONDED: '响应',
  IN_PROGRESS: '办理',
  SUSPENDED: '暂停计时',
  RESOLVED: '办结',
  REVIEWED: '审核',
  CALLBACK: '回访',
  RATED: '评价',
  ARCHIVED: '归档',
  ANSWERED_DIRECT: '直接答复',
  RETURN_REQUESTED: '退单待审',
  WITHDRAWN: '撤回',
  MERGED: '合并',
  RECHECK: '督回访复查',
};

/** Statuses in which the handling clock (签收/响应/办结 deadlines) is running. */
export const HANDLING_STATUSES: readonly RequestStatus[] = [
  'DISPATCHED',
  'SIGNED',
  'RESPONDED',
  'IN_PROGRESS',
  'RETURN_REQUESTED',
];

/** A merged duplicate is not final: its citizen still gets a callback when the master is done. */
export const FINAL_STATUSES: readonly RequestStatus[] = ['ARCHIVED', 'WITHDRAWN'];

// The actions, the statuses each may be taken from and who may take them: domain/requests/actions.ts.

export const SATISFACTION_LEVELS = ['满意', '基本满意', '不满意'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];
