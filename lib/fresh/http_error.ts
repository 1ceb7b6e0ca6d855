/** Thrown anywhere in a route or middleware to answer with a status and the error page. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message?: string, options?: ErrorOptions) {
    super(message ?? `HTTP ${status}`, options);
    this.name = "HttpError";
    this.status = status;
  }
}
