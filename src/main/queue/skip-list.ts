const MAX_LEVEL = 20;

interface SkipNode<V> {
  key: string;
  value: V;
  next: Array<SkipNode<V> | undefined>;
}

/**
 * An ordered map from string keys to values, kept in descending key order (task ids sort by
 * creation time, so iteration is newest first). Insert, remove and seek are O(log n)
 * expected. Listing by state and paging with a cursor rely on it.
 */
export class SkipList<V> {
  private readonly head: SkipNode<V | undefined> = {
    key: '',
    value: undefined,
    next: Array.from({ length: MAX_LEVEL }, () => undefined),
  };
  private level = 1;
  private count = 0;
  private readonly update: Array<SkipNode<V | undefined>> = [];

  get size(): number {
    return this.count;
  }

  /** Inserts or replaces the value under `key`. */
  set(key: string, value: V): void {
    const node = this.seekUpdate(key);
    if (node && node.key === key) {
      node.value = value;
      return;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) this.update[i] = this.head;
      this.level = level;
    }
    const fresh: SkipNode<V> = { key, value, next: [] };
    for (let i = 0; i < level; i++) {
      const prev = this.update[i] as SkipNode<V | undefined>;
      fresh.next[i] = prev.next[i] as SkipNode<V> | undefined;
      prev.next[i] = fresh as SkipNode<V | undefined>;
    }
    this.count++;
  }

  delete(key: string): boolean {
    const node = this.seekUpdate(key);
    if (!node || node.key !== key) return false;
    for (let i = 0; i < this.level; i++) {
      const prev = this.update[i] as SkipNode<V | undefined>;
      if (prev.next[i] !== node) break;
      prev.next[i] = node.next[i];
    }
    while (this.level > 1 && this.head.next[this.level - 1] === undefined) this.level--;
    this.count--;
    return true;
  }

  /**
   * Up to `limit` values in descending key order, starting strictly below `before` when it
   * is given. Answers whether more values follow.
   */
  page(limit: number, before?: string): { values: V[]; more: boolean } {
    let node: SkipNode<V | undefined> | undefined;
    if (before === undefined) {
      node = this.head.next[0];
    } else {
      // Walk to the last node whose key is >= before; the next one is below it.
      let x = this.head;
      for (let i = this.level - 1; i >= 0; i--) {
        for (let n = x.next[i]; n && n.key >= before; n = x.next[i]) x = n;
      }
      node = x.next[0];
    }
    const values: V[] = [];
    while (node && values.length < limit) {
      values.push(node.value as V);
      node = node.next[0];
    }
    return { values, more: node !== undefined };
  }

  *values(): IterableIterator<V> {
    for (let n = this.head.next[0]; n; n = n.next[0]) yield n.value as V;
  }

  forEach(fn: (value: V) => void): void {
    for (let n = this.head.next[0]; n; n = n.next[0]) fn(n.value as V);
  }

  /** Fills `update` with the last node before `key` on every level; answers the node at it. */
  private seekUpdate(key: string): SkipNode<V> | undefined {
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let n = x.next[i]; n && n.key > key; n = x.next[i]) x = n;
      this.update[i] = x;
    }
    return x.next[0] as SkipNode<V> | undefined;
  }
}

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < 0.25) level++;
  return level;
}
