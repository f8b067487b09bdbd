/** 合并: a dispatcher merges a duplicate into its master request. */
import * as wf from '@temporalio/workflow';
import * as defs from '../definitions';
import { actorLabel as who } from '../../shared/update-failures';
import { ruleViolation } from '../failures';
import type { RequestActionHandlers } from './types';

export const duplicateActions: RequestActionHandlers<'merge'> = {
  merge: {
    check: (w, p) => {
      if (p.masterId === w.input.requestId) throw ruleViolation('a request cannot be merged into itself', 'masterId');
      if (w.s.duplicates.length) throw ruleViolation('this request is a master of other duplicates', 'masterId');
    },
    run: async (w, p, a) => {
      try {
        await wf.getExternalWorkflowHandle(p.masterId).signal(defs.attachDuplicateSignal, { requestId: w.input.requestId });
      } catch {
        throw ruleViolation(`master request ${p.masterId} is not open`, 'masterId');
      }
      w.s.mergedInto = p.masterId;
      w.s.status = 'MERGED';
      await w.record('MERGED', who(a), p.reason, { masterId: p.masterId });
    },
  },
};
