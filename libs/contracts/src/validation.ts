import { z } from 'zod';

/** A message that failed its contract: names the first offending field path. */
export class ContractViolation extends Error {
  constructor(
    readonly contract: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${contract}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'ContractViolation';
  }

  get field(): string {
    return this.issues[0]?.path ?? '';
  }
}

export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Parses `value` with `schema`, throwing a ContractViolation that names the fields. */
export function parseContract<T extends z.ZodTypeAny>(contract: string, schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ContractViolation(contract, issuesOf(result.error));
  return result.data;
}
