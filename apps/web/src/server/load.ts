// Server-side loading for pages: a tRPC NOT_FOUND becomes Next's 404 page instead of an error.
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") notFound(); // a malformed id in the URL
    throw error;
  }
}
