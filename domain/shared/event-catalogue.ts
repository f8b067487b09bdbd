/**
 * Timeline events both contexts write: the calendar's gaps and provisional counting, and the 督办
 * ladder. Each context's catalogue (domain/requests/events.ts, domain/consultations/events.ts)
 * spreads these in, so a reader of either timeline sees one name and one label per event.
 */
export const SHARED_EVENTS = {
  CALENDAR_GAP: '节假日数据缺失，时限计算等待',
  CALENDAR_GAP_CLOSED: '节假日数据已补齐',
  DEADLINES_PROVISIONAL: '临时时限 (按周一至周五计)',
  DEADLINES_RECOUNTED: '时限按新节假日数据重算',
  REMINDER_50: '督办提醒 (时限过半)',
  URGE_75: '催办 (时限75%)',
  OVERDUE: '超期 (督办单)',
  ESCALATED: '升级 (下呼上应)',
  PUBLIC_NOTICE: '通报 (超期5个工作日)',
  PROGRESS: '进展',
  REOPENED: '重办',
  RATED: '评价',
  NOT_EVALUATED: '未评价',
  ARCHIVED: '归档',
} as const;
