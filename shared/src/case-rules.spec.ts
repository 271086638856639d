import { describe, expect, it } from '@jest/globals';
import { canEditCase, canTransition, isEscalation, isOpenCase, OPEN_CASE_STATUSES } from './case-rules.js';

describe('canTransition', () => {
  it('should follow open → in_progress → escalated → resolved', () => {
    expect(canTransition('open', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'escalated')).toBe(true);
    expect(canTransition('escalated', 'resolved')).toBe(true);
  });

  it('should allow resolving on the spot', () => {
    expect(canTransition('open', 'resolved')).toBe(true);
  });

  it('should refuse going backwards or leaving resolved', () => {
    expect(canTransition('escalated', 'open')).toBe(false);
    expect(canTransition('in_progress', 'open')).toBe(false);
    expect(canTransition('resolved', 'open')).toBe(false);
    expect(canTransition('open', 'open')).toBe(false);
  });
});

describe('canEditCase', () => {
  it('should leave escalated cases to the Central Coordination Office', () => {
    expect(canEditCase('assistant', 'escalated')).toBe(false);
    expect(canEditCase('coordinator', 'escalated')).toBe(true);
  });

  it('should never let a supervisor edit', () => {
    expect(canEditCase('supervisor', 'open')).toBe(false);
  });
});

describe('open cases and escalation', () => {
  it('should call every case open until it is resolved', () => {
    expect(OPEN_CASE_STATUSES.every(isOpenCase)).toBe(true);
    expect(isOpenCase('resolved')).toBe(false);
  });

  it('should count an escalation once', () => {
    expect(isEscalation('open', 'escalated')).toBe(true);
    expect(isEscalation('escalated', 'escalated')).toBe(false);
    expect(isEscalation('open', undefined)).toBe(false);
  });

  it('should follow the permission table for admins', () => {
    expect(canEditCase('admin', 'open')).toBe(false);
  });
});
