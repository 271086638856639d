import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { loginSchema, refreshSchema, type LoginRequest, type LoginResponse, type RefreshRequest, type RefreshResponse } from '@marhaba/shared';
import { CurrentUser, Public } from '../../common/auth.decorators.js';
import { ZodPipe } from '../../common/zod.js';
import { openApiSchema } from '../../common/openapi.js';
import { AuthService, type Principal } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(loginSchema) })
  login(@Ip() address: string, @Body(new ZodPipe(loginSchema)) body: LoginRequest): Promise<LoginResponse> {
    return this.auth.login(body, address);
  }

  /** Anonymous: the access token may have expired. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(refreshSchema) })
  refresh(@Ip() address: string, @Body(new ZodPipe(refreshSchema)) body: RefreshRequest): Promise<RefreshResponse> {
    return this.auth.refresh(body.refreshToken, address);
  }

  /** Ends this session: its tokens are refused from now on and its open sockets closed. */
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  logout(@CurrentUser() principal: Principal): Promise<void> {
    return this.auth.logout(principal);
  }
}
