export { createJobQueue, SYNC_JOB_QUEUE, type JobQueue, type JobQueueOptions } from "./job-queue";
