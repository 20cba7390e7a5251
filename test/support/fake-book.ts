import type { PulledAccountFields } from '@ledgersync/unified';
import type { PullHandler, PullPage } from '@ledgersync/providers';

/** One account of the book, with the time it last changed (the book's own clock). */
interface BookAccount {
  remoteId: string;
  name: string;
  accountNumber?: string;
  parentRemoteId?: string;
  modifiedAt: number;
  /** Archived: listed with its status; deleted: no longer listed, told by the change feed. */
  archived?: boolean;
  deleted?: boolean;
  /** The reader cannot map it (skipped). */
  unmappable?: boolean;
}

export interface BookRequest {
  kind: 'list' | 'changes';
  page: string | null;
  since?: string;
}

/**
 * A provider's chart of accounts in a test: records with modification times, served a page per
 * call by a PullHandler (list, and a change feed unless `withoutChanges`), counting every request.
 * `failNext` makes the next requests throw (a 429, a 5xx, a crash); `delayMs` makes each take time.
 */
export class FakeBook {
  private clock = 1;
  readonly accounts = new Map<string, BookAccount>();
  readonly requests: BookRequest[] = [];
  private faults: Error[] = [];
  /** Called before each request is answered (the priority test acts on the count). */
  onRequest?: ((count: number) => void | Promise<void>) | undefined;

  constructor(
    readonly pageSize = 3,
    readonly delayMs = 0,
  ) {}

  add(remoteId: string, name: string, more: Partial<BookAccount> = {}): void {
    this.accounts.set(remoteId, { remoteId, name, modifiedAt: this.clock++, ...more });
  }

  seed(count: number): void {
    for (let i = 1; i <= count; i++) this.add(`A${String(i).padStart(3, '0')}`, `Account ${i}`, { accountNumber: String(1000 + i) });
  }

  change(remoteId: string, change: Partial<BookAccount>): void {
    const account = this.accounts.get(remoteId);
    if (!account) throw new Error(`no ${remoteId} in the book`);
    Object.assign(account, change, { modifiedAt: this.clock++ });
  }

  failNext(...errors: Error[]): void {
    this.faults.push(...errors);
  }

  private async serve(request: BookRequest, rows: BookAccount[]): Promise<PullPage<PulledAccountFields>> {
    this.requests.push(request);
    await this.onRequest?.(this.requests.length);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const fault = this.faults.shift();
    if (fault) throw fault;
    const offset = request.page ? Number(request.page) : 0;
    const slice = rows.slice(offset, offset + this.pageSize);
    const next = offset + this.pageSize < rows.length ? String(offset + this.pageSize) : null;
    const page: PullPage<PulledAccountFields> = {
      records: slice
        .filter((row) => !row.unmappable && !row.deleted)
        .map((row) => ({
          remoteId: row.remoteId,
          fields: {
            name: row.name,
            account_number: row.accountNumber ?? null,
            parent_remote_id: row.parentRemoteId ?? null,
            status: row.archived ? 'Inactive' : 'Active',
          },
          remoteData: { Id: row.remoteId, Name: row.name, SyncToken: String(row.modifiedAt) },
          ...(row.archived ? { removed: { kind: 'archived' as const } } : {}),
        })),
      skipped: slice
        .filter((row) => row.unmappable)
        .map((row) => ({ remoteId: row.remoteId, reason: 'an account type the adapter does not know' })),
      deletedRemoteIds: slice.filter((row) => row.deleted).map((row) => row.remoteId),
      next,
    };
    // The book's time of this read: where the next change feed starts.
    if (next === null) page.watermark = String(this.clock - 1);
    return page;
  }

  private sorted(): BookAccount[] {
    return [...this.accounts.values()].sort((a, b) => a.remoteId.localeCompare(b.remoteId));
  }

  handler(): PullHandler<PulledAccountFields> {
    return {
      list: (_context, page) =>
        this.serve(
          { kind: 'list', page },
          this.sorted().filter((row) => !row.deleted),
        ),
      changes: (_context, since, page) =>
        this.serve(
          { kind: 'changes', page, since },
          this.sorted().filter((row) => row.modifiedAt > Number(since)),
        ),
    };
  }

  /** A reader with no change feed: an incremental pull lists everything and diffs. */
  withoutChanges(): PullHandler<PulledAccountFields> {
    const { list } = this.handler();
    return { list };
  }
}
