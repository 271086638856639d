import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser, LiveSnapshot } from '@marhaba/shared';
import { CurrentUser } from '../../common/auth.decorators.js';
import { LiveService } from './live.service.js';

@ApiTags('live')
@ApiBearerAuth()
@Controller('live')
export class LiveController {
  constructor(private readonly live: LiveService) {}

  /** Every role; an assistant sees its own sites only. */
  @Get('snapshot')
  snapshot(@CurrentUser() user: AuthUser): Promise<LiveSnapshot> {
    return this.live.snapshot(user);
  }
}
