import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ServiceTokenAuth } from '../auth/service-token-auth';
import { settingsEnumerations } from '../settings/enumerations';
import { EnumerationsResponseSchema } from '../settings/view-schema';
import { AdminOperation } from './openapi';

/** The fixed lists of the settings screens (the console's drop-downs), the same for every account. */
@ApiTags('vhsys-integration')
@Controller('v1/vhsys-integration')
@ServiceTokenAuth({ tokens: 'admin', tenant: false })
export class EnumerationsController {
  @Get('enumerations')
  @AdminOperation({
    summary: "The values the settings accept: Vhsys's formas de pagamento and order statuses, Guru's methods and statuses, invoice choices",
    description: 'Each list is the one the service validates against (libs/contracts), with the wording of the screens.',
    response: EnumerationsResponseSchema,
    accountParam: false,
  })
  enumerations() {
    return settingsEnumerations();
  }
}
