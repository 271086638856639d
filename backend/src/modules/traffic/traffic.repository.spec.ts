import { arrayLiteral } from './traffic.repository.js';

describe(arrayLiteral.name, () => {
  it('should quote every element, so that a site called null is not NULL', () => {
    const sut = arrayLiteral(['tanger-med', 'null', 4, '2024-08-28T23:30:00.000Z']);
    expect(sut).toBe('{"tanger-med","null","4","2024-08-28T23:30:00.000Z"}');
  });

  it('should escape quotes and backslashes when an element holds one', () => {
    expect(arrayLiteral(['a"b', 'c\\d', 'e'])).toBe('{"a\\"b","c\\\\d","e"}');
  });
});
