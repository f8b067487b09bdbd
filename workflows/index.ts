// The workflow bundle's entry: every workflow type the worker registers.
export { requestWorkflow } from './request-workflow';
export { departmentReportWorkflow } from './report-workflow';
export { consultationWorkflow } from './consultation-workflow'; // consultation
