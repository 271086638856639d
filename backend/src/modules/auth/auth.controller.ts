import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { loginSchema, refreshSchema, type LoginRequest, type LoginResponse, type RefreshRequest, type RefreshResponse } from '@marhaba/shared';
import { CurrentUser, Public } from '../../common/auth.decorators.js';
import { RateLimits } from '../../common/rate-limits.js';
import { ZodPipe } from '../../common/zod.js';
import { openApiSchema } from '../../common/openapi.js';
import { AuthService, type Principal } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly rateLimits: RateLimits,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(loginSchema) })
  login(@Ip() address: string, @Body(new ZodPipe(loginSchema)) body: LoginRequest): Promise<LoginResponse> {
    return this.auth.login(body, address);
  }

  /** Anonymous (the access token may have expired), so it shares the per-address budget of sign-ins. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(refreshSchema) })
  async refresh(@Ip() address: string, @Body(new ZodPipe(refreshSchema)) body: RefreshRequest): Promise<RefreshResponse> {
    await this.rateLimits.loginAttempt(address);
    return this.auth.refresh(body.refreshToken);
  }

  /** Ends this session: its tokens are refused from now on and its open sockets closed. */
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  logout(@CurrentUser() principal: Principal): Promise<void> {
    return this.auth.logout(principal);
  }
}
