import { describe, expect, it } from 'vitest';
import { TRACE_LABELS, traceLabel } from '../../../shared/account/traces.ts';

describe('traceLabel', () => {
  it('names each kind of trace in French, the read receipt included', () => {
    expect(traceLabel('mdn_sent')).toBe('Accusé de lecture envoyé');
    expect(traceLabel('totp_enabled')).toBe('Application d’authentification activée');
  });

  it('forbids showing a raw code: every label differs from its kind, and an unknown kind reads as « Autre action »', () => {
    for (const [kind, label] of Object.entries(TRACE_LABELS)) {
      expect(label).not.toBe(kind);
      expect(label).not.toMatch(/_/);
    }
    expect(traceLabel('kind_of_tomorrow')).toBe('Autre action');
    expect(traceLabel('toString')).toBe('Autre action');
  });
});
