import { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseContract } from '@gv/contracts';
import { DEFAULT_JSON_LIMITS, decodeJson, JsonLimits } from '../serialization';

/**
 * `@Payload(new ContractPipe(name, schema))`: the message value, bounded on its raw bytes
 * (size, nesting) before `JSON.parse`, then validated against the contract's schema. A violation
 * throws a `PermanentMessageError` / `ContractViolation` naming the field, which the consumer
 * dead-letters; the handler only ever sees a valid value.
 */
export class ContractPipe<T extends z.ZodTypeAny> implements PipeTransform<Buffer | null, z.infer<T>> {
  constructor(
    private readonly contract: string,
    private readonly schema: T,
    private readonly limits: JsonLimits = DEFAULT_JSON_LIMITS,
  ) {}

  transform(value: Buffer | null): z.infer<T> {
    return parseContract(this.contract, this.schema, decodeJson(value, this.limits));
  }
}
