// The server is shutting down: a live stream ends with this, and the client resumes elsewhere with Last-Event-ID.
import { TRPCError } from "@trpc/server";

// A TRPCError with its own code, so the REST and tRPC streams pass its message on (internal errors say nothing).
export class StreamInterrupted extends TRPCError {
  constructor() {
    super({
      code: "SERVICE_UNAVAILABLE",
      message: "Weft is shutting down this server: reconnect with Last-Event-ID to resume where you left off",
    });
    this.name = "StreamInterrupted";
  }
}
