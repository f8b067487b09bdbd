/**
 * The fixed rules of a 接诉即办 request that are not per category (the catalogue holds the
 * per-category 签收/响应/办结 limits): one place, beside CONSULTATION_LIMITS, so a district that
 * changes a rule changes it here. Sources: shared domain spec §3 (时限, 督办, 回访, 重办).
 */
import type { TimeLimit } from '../shared/sla';

export const REQUEST_LIMITS = {
  /** 咨询 answered directly by the hotline from the 知识库. */
  DIRECT_ANSWER: { amount: 1, unit: 'workday' } as TimeLimit,
  /** 回访 window after 审核: the citizen is called back within this many working days. */
  CALLBACK_WINDOW_WORKDAYS: 2,
  /** 回访 attempts before the request closes as 未评价 (spread over the window). */
  CALLBACK_ATTEMPTS: 3,
  /** 重办 cycles after an unresolved or 不满意 answer; the next one goes to the 专班. */
  MAX_REOPEN_CYCLES: 2,
  /** Approved 延期 per request. */
  MAX_EXTENSIONS: 1,
  /** 吹哨报到: departments report within this unless the whistle says otherwise. */
  WHISTLE_REPORT_WITHIN: { amount: 24, unit: 'hour' } as TimeLimit,
  /** 督回访: share of closed requests re-checked (besides disputed ones), percent. */
  RECHECK_SAMPLE_PERCENT: 10,
  /** 督回访: how long after closing the re-check happens. */
  RECHECK_AFTER: { amount: 28, unit: 'day' } as TimeLimit,
  /** 督回访: how long the citizen has to answer the re-check, working days. */
  RECHECK_WINDOW_WORKDAYS: 2,
} as const;
