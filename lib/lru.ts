/**
 * A Map that holds at most `capacity` entries and forgets the least recently
 * used first: for memos of work that repeats from request to request (a
 * page's CSS, a token's check), which must not grow with every new input.
 */
export class LruMap<K, V> {
  // A Map iterates in insertion order: reading an entry moves it to the end,
  // so the first key is always the least recently used.
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, not ${capacity}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }
}
