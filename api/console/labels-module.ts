import { CONSULTATION_STATUS_LABELS } from '../../domain/consultations/model';
import { STATUS_LABELS } from '../../domain/requests/model';

/**
 * The status names for people as a browser module (/console/assets/labels.js), generated from the
 * domain's own tables so the page cannot drift from them (list rows carry status codes only).
 */
export const labelsModule = (): string =>
  [
    `export const STATUS_LABELS = ${JSON.stringify(STATUS_LABELS)};`,
    `export const CONSULTATION_STATUS_LABELS = ${JSON.stringify(CONSULTATION_STATUS_LABELS)};`,
    '',
  ].join('\n');
