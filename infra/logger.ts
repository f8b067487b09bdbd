import pino from 'pino';

/**
 * Structured JSON logs. Personal data (names, phones, addresses) is redacted wherever it could
 * appear in a logged object.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  base: { service: 'huiying' },
  redact: {
    paths: [
      'citizen',
      '*.citizen',
      'citizenName',
      'citizenPhone',
      'address',
      '*.address',
      '*.citizenName',
      '*.citizenPhone',
      'req.body',
      'req.headers.authorization',
    ],
    censor: '[redacted]',
  },
});

export type Logger = pino.Logger;
