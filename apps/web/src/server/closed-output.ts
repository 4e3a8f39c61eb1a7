// When whoever reads the server's output goes away (a closed pipe, a terminal gone, a supervisor killed), writes to
// stdout/stderr fail with EPIPE. Unhandled, Next logs that error to stderr, which fails again: the process spun at
// 100 % CPU for ever. The server keeps serving; what it would have printed has no reader.
export function ignoreClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    });
  }
}
