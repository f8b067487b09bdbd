// The workflow bundle's entry: every workflow type the worker registers.
export { requestWorkflow } from './requests/request-workflow';
export { departmentReportWorkflow } from './requests/report-workflow';
export { consultationWorkflow } from './consultations/consultation-workflow';
