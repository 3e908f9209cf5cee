/** Polls until the probe returns a truthy value (and returns it), or fails with the last error after the timeout. */
export async function eventually(probe, { timeout = 15000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeout} ms${last ? `: ${last.message}` : ''}`);
    await new Promise(resolve => setTimeout(resolve, interval));
  }
}
