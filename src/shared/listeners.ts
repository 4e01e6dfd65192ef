/** A set of callbacks; `add` answers the function that removes the one it added. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of this.set) listener(value);
  }

  /** How many callbacks are subscribed (a closed stream must leave none behind). */
  get size(): number {
    return this.set.size;
  }
}
