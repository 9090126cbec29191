/**
 * Errors that use cases throw for bad input or missing rights; the API maps them onto
 * problem+json responses and the CLI onto messages with an exit code.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class NotFound extends AppError {
  constructor(detail: string) {
    super(404, 'Niet gevonden', detail);
  }
}

export class Unauthenticated extends AppError {
  constructor(detail = 'log eerst in') {
    super(401, 'Niet ingelogd', detail);
  }
}

export class Forbidden extends AppError {
  constructor(detail: string) {
    super(403, 'Geen toegang', detail);
  }
}

export class BadInput extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(400, 'Ongeldige invoer', detail, extra);
  }
}

/** Too many failed logins: the client waits `retryAfter` seconds (sent as Retry-After). */
export class TooManyAttempts extends AppError {
  constructor(readonly retryAfter: number) {
    super(429, 'Te veel pogingen', `te veel mislukte inlogpogingen; probeer het over ${Math.ceil(retryAfter / 60)} minuut/minuten opnieuw`, { retryAfter });
  }
}

/** Input the domain refuses (a form guard): 422 with the fields and Dutch messages, `errors: [{field, message}]` like a schema error. */
export class FieldRefused extends AppError {
  constructor(readonly errors: readonly { field: string; message: string }[]) {
    super(422, 'Invoer niet mogelijk', errors.map((e) => `${e.field}: ${e.message}`).join(' | '), { errors });
  }
}
