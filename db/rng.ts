/** The seeded random numbers of the demo data: the same catalogue and gigs on every machine. */
/** mulberry32: tiny, fast, and the same sequence on every machine. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** `count` distinct items, in drawn order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    return Array.from(
      { length: Math.min(count, pool.length) },
      () => pool.splice(this.int(0, pool.length - 1), 1)[0],
    );
  }
  weighted(weights: readonly number[]): number {
    let x = this.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
    return weights.length - 1;
  }
}
