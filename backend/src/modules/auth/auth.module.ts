import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/config.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AccountsService } from './accounts.service.js';
import { AuthService } from './auth.service.js';
import { SessionCheck } from './session-check.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { UsersRepository } from './users.repository.js';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // A key object: given a string, jsonwebtoken first tries (and fails) to parse it as a public
        // key on every verification, which costs about a millisecond each.
        return { secret: createSecretKey(Buffer.from(config.jwtSecret)), signOptions: { algorithm: 'HS256' } };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, SessionCheck, AccountsService, UsersRepository, SessionsRepository, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, AccountsService],
})
export class AuthModule {}
