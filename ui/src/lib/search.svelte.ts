// Search as you type: debounced, and a late answer to an older query is ignored. One instance
// per search field; the component calls `run` from an $effect with the current query.

export class LiveSearch<T> {
  results = $state<T[]>([]);
  searching = $state(false);
  #seq = 0;
  #search: (query: string) => Promise<T[]>;
  #onerror: (e: unknown) => void;

  constructor(search: (query: string) => Promise<T[]>, onerror: (e: unknown) => void) {
    this.#search = search;
    this.#onerror = onerror;
  }

  /** Searches for `query` after a short pause; a blank query clears. Returns the effect's cleanup. */
  run(query: string): (() => void) | undefined {
    const q = query.trim();
    const mine = ++this.#seq;
    if (q === "") {
      this.results = [];
      this.searching = false;
      return undefined;
    }
    this.searching = true;
    const timer = setTimeout(async () => {
      try {
        const found = await this.#search(q);
        if (mine === this.#seq) this.results = found;
      } catch (e) {
        if (mine === this.#seq) this.#onerror(e);
      } finally {
        if (mine === this.#seq) this.searching = false;
      }
    }, 150);
    return () => clearTimeout(timer);
  }
}
