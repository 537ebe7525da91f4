/**
 * A stand-in for an object a hook creates later (a simulator, a browser): every property read goes to the
 * object set last, so a suite can name it as a plain constant. `current` is the object itself (or
 * undefined before it is set).
 */
export function lateBound<T extends object>(what: string) {
  let current: T | undefined;
  const running = () => {
    if (!current) throw new Error(`${what} is not running (use it inside a test or hook)`);
    return current;
  };
  const ref = new Proxy({} as T, {
    get: (_, key) => {
      const target = running();
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    ref,
    get current() {
      return current;
    },
    set(value: T | undefined) {
      current = value;
    },
  };
}
