import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { ErrorResponseSchema } from '../settings/view-schema';

/** OpenAPI schema of a zod schema (request as the client sends it). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const errorResponse = (status: number, description: string) =>
  ApiResponse({ status, description, schema: openApiSchema(ErrorResponseSchema, 'output') as never });

export interface OperationDoc {
  summary: string;
  description?: string;
  body?: z.ZodType;
  response: z.ZodType;
  write?: boolean;
  extraParams?: { name: string; description: string }[];
  /** Optional query-string parameters. */
  queries?: { name: string; description: string; array?: boolean }[];
  /** Status of the success answer (default 200). */
  status?: number;
  /** Whether the route has the `{accountId}` path parameter (default true). */
  accountParam?: boolean;
  errors?: [number, string][];
}

/** Swagger metadata for one admin operation: bearer auth, account param, preconditions, errors. */
export function AdminOperation(doc: OperationDoc): MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiOperation({ summary: doc.summary, description: doc.description }),
    ...(doc.accountParam === false ? [] : [ApiParam({ name: 'accountId', description: 'Guru account id (tenant)' })]),
    ...(doc.extraParams ?? []).map((p) => ApiParam({ name: p.name, description: p.description })),
    ...(doc.queries ?? []).map((q) => ApiQuery({ name: q.name, description: q.description, required: false, ...(q.array ? { type: [String] } : { type: String }) })),
    ...(doc.body ? [ApiBody({ schema: openApiSchema(doc.body) as never })] : []),
    ...(doc.write
      ? [
          ApiHeader({ name: 'If-Match', required: false, description: 'The settings version being changed, as an ETag: "3". Required unless If-None-Match: * is sent.' }),
          ApiHeader({ name: 'If-None-Match', required: false, description: '* to create the integration (it must not exist).' }),
        ]
      : []),
    ApiResponse({ status: doc.status ?? 200, description: doc.status === 202 ? 'Accepted' : 'OK (ETag header = settings version)', schema: openApiSchema(doc.response, 'output') as never }),
    errorResponse(401, 'missing or unknown service token'),
    errorResponse(403, doc.accountParam === false ? 'the token may not act on the account(s) asked for' : 'the token may not access this account (same answer whether it exists or not)'),
    ...(doc.write
      ? [
          errorResponse(412, 'version_conflict: the settings changed since the If-Match version'),
          errorResponse(428, 'precondition_required: If-Match or If-None-Match missing'),
          errorResponse(422, 'validation_failed (details name each field), or Vhsys refused the tokens / product'),
        ]
      : []),
    ...(doc.errors ?? []).map(([status, description]) => errorResponse(status, description)),
  );
}
