/** Runs at most `slots` calls at once; the rest wait their turn, first come first served. */
export type Limiter = <T>(call: () => Promise<T>) => Promise<T>;

export function createLimiter(slots: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (call) => {
    if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await call();
    } finally {
      // The slot passes straight to the next in line (running stays), or is given back.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
