/**
 * Every event a request's timeline can hold, with the label people read. The workflow's `record`
 * takes only these names, and the metrics queries and Open311 refer to them through this
 * catalogue, so a renamed event fails the type check instead of silently dropping out of 三率.
 */
import { SHARED_EVENTS } from '../shared/event-catalogue';

export const REQUEST_EVENTS = {
  ...SHARED_EVENTS,
  RECEIVED: '受理',
  TRIAGED: '分类',
  PLANNING_FAILED: '派单规划失败',
  AWAITING_DIRECT_ANSWER: '咨询待直接答复',
  ANSWERED_DIRECT: '咨询已直接答复',
  DISPATCHED: '派单',
  REDISPATCHED: '改派',
  WHISTLED: '吹哨 (上报上一级)',
  SIGNED: '签收',
  SIGN_OVERDUE: '签收超时',
  RESPONDED: '响应',
  RESOLVED: '办结',
  REVIEWED: '审核通过',
  REVIEW_REDO: '审核退回重办',
  RETURN_REQUESTED: '申请退单',
  RETURN_APPROVED: '退单获批',
  RETURN_REJECTED: '退单被驳回',
  EXTENSION_REQUESTED: '申请延期',
  EXTENSION_APPROVED: '延期获批',
  EXTENSION_REJECTED: '延期被驳回',
  DEADLINE_OVERRIDDEN: '督办调整时限',
  DEADLINE_OVERRIDE_REJECTED: '调整时限被拒 (时间已过)',
  PAUSE_REQUESTED: '申请暂停计时',
  PAUSED: '暂停计时',
  PAUSE_REJECTED: '暂停被驳回',
  RESUMED: '恢复计时',
  WHISTLED_DEPARTMENTS: '吹哨报到 (部门)',
  DEPARTMENT_REPORTED: '部门报到',
  DEPARTMENT_REPORT_ENDED: '部门报到结束 (未报到)',
  MERGED: '合并',
  DUPLICATE_ATTACHED: '并入重复工单',
  DUPLICATE_SIGNAL_FAILED: '通知重复工单失败',
  MASTER_REVIEWED: '主工单已审核',
  MASTER_CLOSED: '主工单未办结即关闭',
  WITHDRAWN: '撤回',
  CALLBACK_SCHEDULED: '回访排期',
  CALLBACK_TASK: '回访任务',
  CALLBACK_UNREACHED: '回访未接通',
  TASK_FORCE_FLAGGED: '移交专班',
  UNREASONABLE_FLAGGED: '标记不合理诉求',
  UNREASONABLE_UPHELD: '不合理诉求认定 (不计三率)',
  UNREASONABLE_REJECTED: '不合理诉求未认定',
  RECHECK_SCHEDULED: '督回访排期',
  RECHECK_TASK: '督回访任务',
  RECHECKED: '督回访完成',
  RECHECK_UNREACHED: '督回访未接通',
} as const;

export type RequestEventType = keyof typeof REQUEST_EVENTS;

/** The event names as values, for SQL filters and look-ups that must name an existing event. */
export const requestEvent = <T extends RequestEventType>(type: T): T => type;
