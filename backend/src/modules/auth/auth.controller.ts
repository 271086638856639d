import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { loginSchema, type LoginRequest, type LoginResponse } from '@marhaba/shared';
import { Public } from '../../common/auth.decorators.js';
import { ZodPipe } from '../../common/zod.js';
import { openApiSchema } from '../../common/openapi.js';
import { AuthService } from './auth.service.js';

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
}
