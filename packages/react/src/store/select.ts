/**
 * A memoised view of a snapshot: recomputed only when the source snapshot changes, and the
 * previous view is kept when the new one has the same fields (compared with `Object.is`).
 * So the view changes only when something it shows changes: a poll that brings nothing new
 * (the source toggling `isFetching`) re-renders nobody.
 */
export function select<S, V extends object>(source: () => S, view: (snapshot: S) => V): () => V {
  let last: { source: S; value: V } | undefined;
  return () => {
    const snapshot = source();
    if (last === undefined) {
      last = { source: snapshot, value: view(snapshot) };
    } else if (last.source !== snapshot) {
      const next = view(snapshot);
      last = { source: snapshot, value: shallowEqual(last.value, next) ? last.value : next };
    }
    return last.value;
  };
}

function shallowEqual<V extends object>(a: V, b: V): boolean {
  const keys = Object.keys(a) as (keyof V)[];
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && Object.is(a[key], b[key]))
  );
}
