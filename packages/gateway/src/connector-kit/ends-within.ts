/**
 * Whether `promise` settles within `ms` milliseconds: "ended" or "still running", for tests
 * of things that must stop promptly (the promise is left to settle on its own otherwise).
 * @example expect(await endsWithin(poll, 10_000)).toBe("ended");
 */
export async function endsWithin(
  promise: Promise<unknown> | undefined,
  ms: number,
): Promise<"ended" | "still running"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"still running">((resolve) => {
    timer = setTimeout(() => resolve("still running"), ms);
  });
  const ended = Promise.resolve(promise).then(
    () => "ended" as const,
    () => "ended" as const,
  );
  try {
    return await Promise.race([ended, late]);
  } finally {
    clearTimeout(timer);
  }
}
