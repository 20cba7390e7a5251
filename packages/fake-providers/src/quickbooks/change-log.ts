/**
 * When each record of one entity last changed, in time order, so that change data capture answers
 * in O(changes) however large the company: a chart of 100,000 accounts with 10 changes reads 10
 * entries. A record changed twice appears twice; readers keep its latest entry.
 */
export class ChangeLog {
  private readonly times: number[] = [];
  private readonly ids: string[] = [];

  /** Notes that record `id` changed at `at` (epoch ms); a clock moved back is kept in order. */
  record(id: string, at: number): void {
    const last = this.times.at(-1);
    if (last === undefined || at >= last) {
      this.times.push(at);
      this.ids.push(id);
      return;
    }
    const index = this.lowerBound(at + 1);
    this.times.splice(index, 0, at);
    this.ids.splice(index, 0, id);
  }

  /** The ids of records changed at or after `since`, each once, oldest change first. */
  since(since: number): string[] {
    const seen = new Set<string>();
    const from = this.lowerBound(since);
    for (let i = this.ids.length - 1; i >= from; i--) seen.add(this.ids[i] as string);
    return [...seen].reverse();
  }

  private lowerBound(at: number): number {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.times[middle] as number) < at) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
