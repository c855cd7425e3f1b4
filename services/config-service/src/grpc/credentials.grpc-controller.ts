import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import type { GrpcGetCredentialsRequest, VhsysCredentialsMessage } from '@gv/contracts';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import { Caller, SettingsService } from '../settings/settings-service';

/** The internal credentials service: the only place the Vhsys tokens leave config-service (invoice-dispatcher). */
@Controller()
@ServiceTokenAuth({ tokens: 'internal', tenant: false })
export class CredentialsGrpcController {
  constructor(@Inject(SettingsService) private readonly settings: SettingsService) {}

  @GrpcMethod('VhsysCredentials', 'GetCredentials')
  async getCredentials(@Payload() r: GrpcGetCredentialsRequest, @AuthorizedCaller() caller: Caller): Promise<VhsysCredentialsMessage> {
    const { tokens, state } = await this.settings.getCredentials(caller.principal.name, r.accountId);
    return {
      accountId: state.accountId,
      accessToken: tokens.accessToken,
      secretAccessToken: tokens.secretAccessToken,
      credentialsVersion: state.credentialsVersion,
      active: state.active,
      setAt: state.credentials!.setAt.toISOString(),
    };
  }
}
