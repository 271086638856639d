import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { userCreateSchema, userUpdateSchema, type AuthUser, type UserCreate, type UserUpdate, type UserView } from '@marhaba/shared';
import { Allow, CurrentUser } from '../../common/auth.decorators.js';
import { openApiSchema } from '../../common/openapi.js';
import { ZodPipe } from '../../common/zod.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Allow('manageUsers')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Post()
  @ApiBody({ schema: openApiSchema(userCreateSchema) })
  create(@CurrentUser() admin: AuthUser, @Body(new ZodPipe(userCreateSchema)) body: Required<UserCreate>): Promise<UserView> {
    return this.users.create(admin, body);
  }

  @Patch(':id')
  @ApiBody({ schema: openApiSchema(userUpdateSchema) })
  update(@CurrentUser() admin: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodPipe(userUpdateSchema)) body: UserUpdate): Promise<UserView> {
    return this.users.update(admin, id, body);
  }
}
