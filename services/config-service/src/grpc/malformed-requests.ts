/**
 * grpc-js answers INTERNAL ("Error deserializing request") when a request's bytes are no valid
 * protobuf message of the method (a wire type that does not exist, groups nested deeper than the
 * decoder's stack). That is the caller's mistake, not the service's: the deserializers below never
 * throw; such a request reaches the handler as a marker object, and ServiceTokenGuard answers it
 * with INVALID_ARGUMENT once the caller is authenticated (test/security/route-matrix).
 */
export const MALFORMED_REQUEST = Symbol('MALFORMED_REQUEST');

type MethodDefinition = { requestDeserialize?: (bytes: Buffer) => unknown };

/** Wraps the request deserializer of every method of a proto-loader package definition. */
export function tolerateMalformedRequests(definition: Record<string, unknown>): void {
  for (const entry of Object.values(definition)) {
    // Services are plain objects of method definitions; messages and enums carry a `format`.
    if (!entry || typeof entry !== 'object' || 'format' in entry) continue;
    for (const method of Object.values(entry as Record<string, MethodDefinition>)) {
      const deserialize = method.requestDeserialize;
      if (typeof deserialize !== 'function') continue;
      method.requestDeserialize = (bytes: Buffer) => {
        try {
          return deserialize(bytes);
        } catch {
          return { [MALFORMED_REQUEST]: true };
        }
      };
    }
  }
}

export function isMalformedRequest(request: unknown): boolean {
  return typeof request === 'object' && request !== null && MALFORMED_REQUEST in request;
}
