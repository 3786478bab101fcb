/** A problem the admin can act on (not a bug): adapters show the message as it is. */
export class WorkflowError extends Error {
  constructor(
    readonly code: 'aco_not_configured',
    message: string,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}
