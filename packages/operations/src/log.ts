/** The one thing the operations log: an enqueue that failed and is left to the sweeper. Pino's and Fastify's loggers fit. */
export interface OperationLog {
  warn(details: Record<string, unknown>, message: string): void;
}
