import { describe, expect, it } from 'vitest';
import {
  closesConversation,
  forbidsReply,
  isFinSubject,
  patientMessageRefusal,
} from '../../../shared/mssante/conversation.ts';

describe('[FIN] and X-MSS-MES: FIN', () => {
  it('closes on a subject that is exactly [FIN]', () => {
    expect(isFinSubject('[FIN]')).toBe(true);
    expect(isFinSubject('  [FIN]  ')).toBe(true);
    expect(isFinSubject('Re: [FIN]')).toBe(false);
    expect(isFinSubject('[FIN] merci')).toBe(false);
    expect(isFinSubject('[fin]')).toBe(false);
    expect(isFinSubject(undefined)).toBe(false);
  });

  it('forbids replies on X-MSS-MES: FIN', () => {
    expect(forbidsReply('FIN')).toBe(true);
    expect(forbidsReply(' fin ')).toBe(true);
    expect(forbidsReply('OK')).toBe(false);
    expect(forbidsReply(null)).toBe(false);
  });

  it('closes a conversation on either', () => {
    expect(closesConversation({ subject: '[FIN]' })).toBe(true);
    expect(closesConversation({ subject: 'Résultats', mssMes: 'FIN' })).toBe(true);
    expect(closesConversation({ subject: 'Résultats' })).toBe(false);
  });
});

describe('patientMessageRefusal', () => {
  it('refuses a patient who starts a conversation', () => {
    expect(patientMessageRefusal({ repliesToOurMessage: false, conversationClosed: false })).toBe(
      'patient_cannot_start',
    );
  });

  it('refuses a patient reply after the conversation was closed', () => {
    expect(patientMessageRefusal({ repliesToOurMessage: true, conversationClosed: true })).toBe(
      'patient_conversation_closed',
    );
  });

  it('lets a patient reply in an open conversation', () => {
    expect(
      patientMessageRefusal({ repliesToOurMessage: true, conversationClosed: false }),
    ).toBeNull();
  });
});
