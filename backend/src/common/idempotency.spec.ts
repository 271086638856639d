import { ConflictException } from '@nestjs/common';
import { assertSameContent, differingFields } from './idempotency.js';

describe(assertSameContent.name, () => {
  it('should treat the same instant in two offsets as the same content', () => {
    expect(differingFields({ at: new Date('2024-07-01T10:00:00Z') }, { at: '2024-07-01T11:00:00+01:00' })).toEqual([]);
  });

  it('should treat a missing optional field as null', () => {
    expect(differingFields({ summary: null }, { summary: undefined })).toEqual([]);
  });

  it('should name the fields that differ', () => {
    expect(() => assertSameContent('movement x', { people: 3, mode: 'car' }, { people: 4, mode: 'car' })).toThrow(
      new ConflictException('movement x was already recorded with other content (people)'),
    );
  });

  it('should compare nested objects by value', () => {
    expect(differingFields({ b: { sex: 'female', vulnerabilities: ['elderly'] } }, { b: { sex: 'female', vulnerabilities: ['elderly'] } })).toEqual([]);
  });
});
