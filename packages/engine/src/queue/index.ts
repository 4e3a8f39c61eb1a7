export { createJobQueue, type JobQueue } from "./job-queue";
