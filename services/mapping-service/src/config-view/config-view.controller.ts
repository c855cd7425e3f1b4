import { Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { OpsTokenGuard } from '@gv/service-runtime';
import { ConfigView } from './config-view';

/**
 * What this instance currently knows of an account's settings (no secrets exist in the view).
 * Lets operators, the demo, the bench and tests see that a settings change has reached mapping.
 * It names accounts and their products, so it is an ops route: OPS_HTTP_TOKEN when configured
 * (always when the server is not bound to loopback).
 */
@Controller('config-view')
@UseGuards(OpsTokenGuard)
export class ConfigViewController {
  constructor(private readonly view: ConfigView) {}

  @Get(':accountId')
  get(@Param('accountId') accountId: string) {
    const snapshot = this.view.get(accountId);
    if (!snapshot) throw new NotFoundException(`no settings for account ${accountId} in this instance's view`);
    return {
      accountId: snapshot.accountId,
      version: snapshot.version,
      active: snapshot.active,
      credentialsVersion: snapshot.credentialsVersion,
      productCodes: snapshot.products.map((p) => p.guruProductCode),
      updatedAt: snapshot.updatedAt,
    };
  }
}
