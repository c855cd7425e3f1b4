import { Controller, Get, Inject, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { renderMetrics } from '@gv/telemetry';
import { HealthRegistry } from './health';
import { OpsTokenGuard } from './ops-token.guard';

export const HEALTH_REGISTRY = Symbol('HEALTH_REGISTRY');

/**
 * Liveness, readiness and Prometheus metrics, the same on every service. The probes are open:
 * orchestrators call them without credentials, and they say only ok / ready and the names of the
 * checks. The metrics need OPS_HTTP_TOKEN when one is configured (always when the server is not
 * bound to loopback): they describe traffic, accounts' volumes and errors.
 */
@Controller()
export class OpsController {
  constructor(@Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const result = await this.health.readiness();
    res.status(result.ready ? 200 : 503).json({ status: result.ready ? 'ready' : 'not_ready', checks: result.checks });
  }

  @Get('metrics')
  @UseGuards(OpsTokenGuard)
  metrics(@Req() req: Request, @Res() res: Response): void {
    renderMetrics(req, res);
  }
}
