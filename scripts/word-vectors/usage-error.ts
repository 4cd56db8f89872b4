/** A usage or input error of `build-word-vectors`: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {}
