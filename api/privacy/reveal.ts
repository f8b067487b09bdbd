import type { ConsultationItem, Request as RequestRow } from '@prisma/client';
import type { ConsultationPersonalField, RequestPersonalField } from './field-policy';

/** The stored value behind each personal field, for the recorded reveal (POST …/reveal). */
const REQUEST_VALUES: Record<RequestPersonalField, (row: RequestRow) => string | null> = {
  'citizen.name': (row) => row.citizenName,
  'citizen.phone': (row) => row.citizenPhone,
  'location.address': (row) => row.address,
  description: (row) => row.description,
};

const CONSULTATION_VALUES: Record<ConsultationPersonalField, (row: ConsultationItem) => string | null> = {
  'proposer.name': (row) => row.proposerName,
  'proposer.phone': (row) => row.proposerPhone,
};

export function requestValues(row: RequestRow, fields: readonly RequestPersonalField[]): Record<string, string | null> {
  return Object.fromEntries(fields.map((f) => [f, REQUEST_VALUES[f](row)]));
}

export function consultationValues(row: ConsultationItem, fields: readonly ConsultationPersonalField[]): Record<string, string | null> {
  return Object.fromEntries(fields.map((f) => [f, CONSULTATION_VALUES[f](row)]));
}
