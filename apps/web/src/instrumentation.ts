// Next calls register() once per server process (under `next start` and `next dev`, never during `next build`).
// Start-up runs in the background so the server answers at once: /api/health says "starting" until it is done.
export async function register(): Promise<void> {
  // Next replaces this exact expression at build time (so the edge bundle drops the import below): it cannot move to env.ts.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { start } = await import("./server/start");
  void start();
}
