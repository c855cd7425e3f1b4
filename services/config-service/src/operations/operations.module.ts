import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';
import { SessionController } from './session.controller';

/** The console's session route (any admin token) and its Operações routes (operator tokens). */
@Module({
  imports: [AuthModule],
  controllers: [SessionController, OperationsController],
  providers: [OperationsService],
})
export class OperationsModule {}
