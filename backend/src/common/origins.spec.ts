import { describe, expect, it } from '@jest/globals';
import { originAllowed } from './origins.js';

describe('originAllowed', () => {
  it('should let pages of the console own origin in, whatever the port', () => {
    expect(originAllowed('http://localhost:8080', 'localhost:8080', [])).toBe(true);
    expect(originAllowed('https://console.example.org', 'Console.Example.org', [])).toBe(true);
  });

  it('should let listed origins in and refuse others, including a different port or `null`', () => {
    expect(originAllowed('https://ops.example.org', 'api.example.org', ['https://ops.example.org'])).toBe(true);
    expect(originAllowed('https://evil.example', 'api.example.org', ['https://ops.example.org'])).toBe(false);
    expect(originAllowed('http://localhost:9999', 'localhost:8080', [])).toBe(false);
    expect(originAllowed('null', 'localhost:8080', [])).toBe(false);
    expect(originAllowed('http://localhost:8080', undefined, [])).toBe(false);
  });

  it('should let programs that send no Origin through (they still need a token)', () => {
    expect(originAllowed(undefined, 'localhost:8080', [])).toBe(true);
  });
});
