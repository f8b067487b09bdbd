// 通报: the public notices of requests overdue past the 通报 rung (/v1/notices).
import { get } from './api.js';
import { bjTime, fill, statusText, table } from './format.js';
import { requestLink } from './links.js';
import { unitName, units } from './units.js';

export async function loadNotices() {
  const [tree, notices] = await Promise.all([units(), get('/v1/notices')]);
  fill(
    document.getElementById('notices-body'),
    notices.items.length
      ? [
          table(
            ['通报时间', '工单', '承办单位', '事项', '办结期限', '状态', '事由'],
            notices.items.map((n) => [bjTime(n.at), requestLink(n.requestId), unitName(tree, n.unitCode), n.categoryCode, bjTime(n.deadline), statusText(n.status), n.reason ?? '']),
          ),
        ]
      : [],
    '暂无通报。',
  );
}
