/** A node that can sit in one `EntryList` at a time (the links live on the node). */
export interface Linked {
  prev: Linked | undefined;
  next: Linked | undefined;
  /** The list the node is in, so removal from the wrong list is caught. */
  list: EntryList<Linked> | undefined;
}

/**
 * An intrusive doubly linked list: O(1) push at either end, shift and removal of any node.
 * The queue's FIFO and the finished-task retention order use it.
 */
export class EntryList<T extends Linked> {
  private head: T | undefined;
  private tail: T | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  first(): T | undefined {
    return this.head;
  }

  pushBack(node: T): void {
    this.detach(node);
    node.prev = this.tail;
    node.next = undefined;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    node.list = this as EntryList<Linked>;
    this.count++;
  }

  pushFront(node: T): void {
    this.detach(node);
    node.next = this.head;
    node.prev = undefined;
    if (this.head) this.head.prev = node;
    else this.tail = node;
    this.head = node;
    node.list = this as EntryList<Linked>;
    this.count++;
  }

  /** Removes the node if it is in this list; a no-op otherwise. */
  remove(node: T): void {
    if (node.list !== (this as EntryList<Linked>)) return;
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next as T | undefined;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev as T | undefined;
    node.prev = undefined;
    node.next = undefined;
    node.list = undefined;
    this.count--;
  }

  shift(): T | undefined {
    const node = this.head;
    if (node) this.remove(node);
    return node;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    let node = this.head;
    while (node) {
      const next = node.next as T | undefined;
      yield node;
      node = next;
    }
  }

  forEach(fn: (node: T) => void): void {
    for (let node = this.head; node; node = node.next as T | undefined) fn(node);
  }

  private detach(node: T): void {
    node.list?.remove(node);
  }
}
