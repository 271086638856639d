import { BadRequestException, ConflictException, ForbiddenException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { API_ERROR_CODES } from '@marhaba/shared';
import { refusal, toApiError } from './api-error.js';

describe(toApiError.name, () => {
  const sut = toApiError;

  it('should answer with the code of the status when the rule names none', () => {
    expect(sut(new NotFoundException('unknown case x'))).toEqual({ statusCode: 404, error: 'Not Found', code: 'not_found', message: 'unknown case x' });
    expect(sut(new ForbiddenException('role supervisor may not do this')).code).toBe('forbidden');
    expect(sut(new PayloadTooLargeException()).code).toBe('payload_too_large');
  });

  it('should answer with the closer code a rule names, its message and details kept', () => {
    expect(sut(new ConflictException(refusal('stale_version', 'stale version 1: the case is at version 2')))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'stale_version',
      message: 'stale version 1: the case is at version 2',
    });
    const details = [{ path: 'status', message: 'cannot go from resolved to open' }];
    expect(sut(new BadRequestException(refusal('invalid_transition', 'status: cannot go from resolved to open', details)))).toMatchObject({ code: 'invalid_transition', details });
  });

  it('should answer a body parser error as invalid input in its own words', () => {
    expect(sut(Object.assign(new Error('Unexpected token } in JSON at position 12'), { status: 400, type: 'entity.parse.failed' }))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'invalid_input',
      message: 'request body is not valid JSON',
    });
  });

  it('should answer 503 unavailable when the database is away, and 500 internal otherwise', () => {
    expect(sut(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ statusCode: 503, code: 'unavailable' });
    expect(sut(new Error('a bug'))).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'internal', message: 'internal error' });
  });

  it('should only ever answer codes of the shared list', () => {
    const answers = [new BadRequestException('x'), new ConflictException('x'), new Error('x'), 'thrown text'].map((e) => sut(e).code);
    expect(answers.filter((code) => !API_ERROR_CODES.includes(code))).toEqual([]);
  });
});
