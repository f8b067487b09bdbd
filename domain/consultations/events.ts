/**
 * Every event a consultation item's timeline can hold (集、定、议、公、办、督、评、备), with the
 * label people read. The workflow's `record` takes only these names; the archive and the queries
 * that pick events out of the timeline refer to them through this catalogue.
 */
import { SHARED_EVENTS } from '../shared/event-catalogue';

export const CONSULTATION_EVENTS = {
  ...SHARED_EVENTS,
  COLLECTED: '集: 议题收集',
  TAKE_UP_OVERDUE: '集: 未在时限内启动',
  EXPIRED: '集: 12个月未议，过期',
  SCREENED: '定: 列入议题',
  NOT_FOR_CONSULTATION: '定: 不议',
  REQUEST_DISPATCHED: '转接诉即办工单',
  PARTICIPANTS_SET: '定: 确定参与人',
  MEETING_NOTICE: '议: 会议通知',
  MEETING_RESCHEDULED: '议: 会议改期',
  MEETING_REMINDER: '议: 会前提醒',
  DELIBERATED: '议: 达成共识',
  NO_CONSENSUS: '议: 未达成共识，退回定',
  CLOSED_NO_CONSENSUS: '议: 再次未达成共识，终止',
  PUBLICITY_STARTED: '公: 公示开始',
  OBJECTION: '公: 收到异议',
  OBJECTION_DECIDED: '公: 异议处理',
  PUBLICITY_WINDOW_CLOSED: '公: 公示期满',
  PUBLICITY_COMPLETED: '公: 公示完成',
  RETURNED_TO_DELIBERATION: '公: 异议成立，退回重议',
  ASSIGNED: '办: 落实分工',
  LINKED_REQUEST_CLOSED: '办: 关联工单办结',
  IMPLEMENTATION_COMPLETED: '办: 落实完成',
  EVALUATION_OPENED: '评: 开始评议',
  EVALUATION_PASSED: '评: 评议通过',
  EVALUATION_FAILED: '评: 评议未通过',
  ARCHIVE_FAILED: '备: 归档失败',
} as const;

export type ConsultationEventType = keyof typeof CONSULTATION_EVENTS;
