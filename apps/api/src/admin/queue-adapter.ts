import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';

type BoardQueue = ConstructorParameters<typeof BullMQAdapter>[0];
// Bull Board's base adapter reads `allowCompletedRetries`, but BullMQAdapter's options type omits it.
type BoardOptions = NonNullable<ConstructorParameters<typeof BullMQAdapter>[1]> & { allowCompletedRetries?: boolean };
type BoardJob = NonNullable<Awaited<ReturnType<BullMQAdapter['getJob']>>>;

/** A retry the dashboard refused; Bull Board answers with this status and message. */
export class DashboardRefusal extends Error {
  override readonly name = 'DashboardRefusal';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A Bull Board queue whose "retry" (one job, or "retry all") goes through Postgres rather than
 * BullMQ's `job.retry()`. For a queue whose processor trusts the row over the job, re-running the
 * job as it is would do nothing: the row still says `failed`. Bull Board retries by calling
 * `retry()` on the jobs its adapter hands out (`getJob` for one, `getJobs` for all), so this
 * adapter hands out jobs whose `retry()` runs `retry(jobId, data)`; everything else is BullMQ's.
 */
export class PostgresRetryAdapter extends BullMQAdapter {
  constructor(
    queue: BoardQueue,
    /** Given the job's id and its payload (a push names its object). */
    private readonly retry: (jobId: string, data: unknown) => Promise<void>,
    options: BoardOptions = {},
  ) {
    super(queue, options);
  }

  override async getJob(id: string): Promise<BoardJob | undefined> {
    const job = await super.getJob(id);
    return job && this.retriedThroughPostgres(job);
  }

  override async getJobs(...args: Parameters<BullMQAdapter['getJobs']>): Promise<BoardJob[]> {
    const jobs = await super.getJobs(...args);
    return jobs.map((job) => this.retriedThroughPostgres(job));
  }

  private retriedThroughPostgres(job: BoardJob): BoardJob {
    job.retry = async () => {
      if (!job.id) throw new DashboardRefusal(400, 'this job has no id to retry by');
      await this.retry(job.id, job.data);
    };
    return job;
  }
}
