/** A binary min-heap ordered by `keyOf`; the single timer queue of the scheduler. */
export class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #keyOf: (item: T) => number;

  /** `keyOf` must not change while an item is in the heap. */
  constructor(keyOf: (item: T) => number) {
    this.#keyOf = keyOf;
  }

  /** Number of items held. */
  get size(): number {
    return this.#items.length;
  }

  /** The item with the smallest key, without removing it. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** Add an item in O(log n). */
  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let index = items.length - 1;
    const key = this.#keyOf(item);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.#keyOf(items[parent]!) <= key) break;
      items[index] = items[parent]!;
      index = parent;
    }
    items[index] = item;
  }

  /** Remove and return the item with the smallest key in O(log n). */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    const key = this.#keyOf(last);
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && this.#keyOf(items[right]!) < this.#keyOf(items[left]!) ? right : left;
      if (this.#keyOf(items[child]!) >= key) break;
      items[index] = items[child]!;
      index = child;
    }
    items[index] = last;
    return top;
  }

  /** Remove every item. */
  clear(): void {
    this.#items.length = 0;
  }
}
