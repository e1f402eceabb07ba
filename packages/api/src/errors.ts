/** The OCI error catalog (reference section D). One entry per code this service answers with. */
export interface ErrorSpec {
  status: number;
  /** Whether the official SDKs' default retry policy retries this error. */
  retryable: boolean;
  meaning: string;
}

export const ERROR_CATALOG = {
  CannotParseRequest: { status: 400, retryable: false, meaning: "The request is malformed and cannot be parsed." },
  InvalidParameter: { status: 400, retryable: false, meaning: "A parameter is invalid or badly formatted." },
  LimitExceeded: { status: 400, retryable: false, meaning: "A service limit was exceeded." },
  MissingParameter: { status: 400, retryable: false, meaning: "A required parameter is missing." },
  QuotaExceeded: { status: 400, retryable: false, meaning: "A compartment quota was exceeded." },
  RelatedResourceNotAuthorizedOrNotFound: {
    status: 400,
    retryable: false,
    meaning: "A resource referenced in the request body does not exist or is not authorized.",
  },
  NotAuthenticated: { status: 401, retryable: false, meaning: "The request is not authenticated." },
  NotAuthorized: { status: 403, retryable: false, meaning: "The caller is not authorized for this action." },
  NotAuthorizedOrNotFound: {
    status: 404,
    retryable: false,
    meaning: "Authorization failed or the requested resource was not found.",
  },
  NotFound: { status: 404, retryable: false, meaning: "No operation exists for this path and method." },
  MethodNotAllowed: { status: 405, retryable: false, meaning: "The method is not allowed on this resource." },
  Conflict: { status: 409, retryable: false, meaning: "The request conflicts with the state of the resource." },
  IncorrectState: {
    status: 409,
    retryable: true,
    meaning: "The resource is in a state that does not allow this operation now.",
  },
  InvalidatedRetryToken: {
    status: 409,
    retryable: false,
    meaning: "The retry token was used by an earlier request whose effect was invalidated; use a new token.",
  },
  NoEtagMatch: { status: 412, retryable: false, meaning: "The if-match value does not match the current etag." },
  PayloadTooLarge: { status: 413, retryable: false, meaning: "The request body is too large." },
  UnsupportedMediaType: { status: 415, retryable: false, meaning: "The request's content type is not supported." },
  TooManyRequests: { status: 429, retryable: true, meaning: "Too many requests; slow down." },
  InternalServerError: { status: 500, retryable: true, meaning: "An unexpected error occurred in the service." },
  MethodNotImplemented: { status: 501, retryable: false, meaning: "The method is not implemented." },
  ServiceUnavailable: { status: 503, retryable: true, meaning: "The service is temporarily unavailable." },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** The JSON body of every non-2xx response. */
export interface OciErrorBody {
  code: string;
  message: string;
}
