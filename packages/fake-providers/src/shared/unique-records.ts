/** A field a provider keeps unique among one object's records, and how it compares values. */
export interface UniqueField<R> {
  /** The record's value; undefined when the record does not take part (an empty optional code). */
  of(record: R): string | undefined;
  /** What makes two values the same (case, spaces); values compare exactly without it. */
  normalize?(value: string): string;
}

/**
 * One tenant's records of one object, by id in creation order, with the fields the provider keeps
 * unique. The provider's rules decide when a clash is refused and with what words: the store only
 * answers who holds a value.
 */
export class UniqueRecords<Id, R, Field extends string> {
  /** By id, in creation order. */
  readonly records = new Map<Id, R>();
  private readonly holders = new Map<Field, Map<string, Id>>();

  constructor(private readonly fields: Readonly<Record<Field, UniqueField<R>>>) {
    for (const name of Object.keys(fields) as Field[]) this.holders.set(name, new Map());
  }

  /** The id of the record holding `value` in `field`, if any. */
  holder(field: Field, value: string): Id | undefined {
    return this.holders.get(field)?.get(this.key(field, value));
  }

  taken(field: Field, value: string): boolean {
    return this.holder(field, value) !== undefined;
  }

  /** Stores a record whose unique fields were checked free. */
  insert(id: Id, record: R): void {
    this.records.set(id, record);
    for (const [name, holders] of this.holders) {
      const value = this.fields[name].of(record);
      if (value !== undefined) holders.set(this.key(name, value), id);
    }
  }

  /** Re-indexes a record whose unique fields changed (checked free) from `before`'s values. */
  reindex(id: Id, before: Readonly<Record<Field, string | undefined>>, record: R): void {
    for (const [name, holders] of this.holders) {
      const old = before[name];
      if (old !== undefined && holders.get(this.key(name, old)) === id) holders.delete(this.key(name, old));
      const value = this.fields[name].of(record);
      if (value !== undefined) holders.set(this.key(name, value), id);
    }
  }

  /** Replaces a stored record (its unique fields checked free of others), keeping its place in creation order. */
  update(id: Id, record: R): void {
    this.forget(id);
    // The id is still a key of `records`, so setting it again keeps its place.
    this.insert(id, record);
  }

  /** Forgets a record: its unique values are free again. */
  remove(id: Id): void {
    this.forget(id);
    this.records.delete(id);
  }

  private forget(id: Id): void {
    const record = this.records.get(id);
    if (record === undefined) return;
    for (const [name, holders] of this.holders) {
      const value = this.fields[name].of(record);
      if (value !== undefined && holders.get(this.key(name, value)) === id) holders.delete(this.key(name, value));
    }
  }

  private key(field: Field, value: string): string {
    const normalize = this.fields[field].normalize;
    return normalize ? normalize(value) : value;
  }
}
