/** The caller is signed in but has no role here (unknown to the organisation, no app role). */
export class NoRole extends Error {
  constructor() {
    super('You are signed in, but this app does not know your role: ask an administrator to map your account or assign you an app role.');
    this.name = 'NoRole';
  }
}

/** A log that does not exist. */
export class LogNotFound extends Error {
  constructor(readonly logId: string) {
    super(`There is no event log with id "${logId}".`);
    this.name = 'LogNotFound';
  }
}

/**
 * An invoice that does not exist or that the caller may not see. One message for both, and it
 * never repeats the number asked for: the answer must not tell the two cases apart.
 */
export class CaseNotVisible extends Error {
  constructor() {
    super('There is no such invoice among the invoices you can see in this log.');
    this.name = 'CaseNotVisible';
  }
}

/** Analysis options that do not fit the log (a period that ends before it starts, an unknown currency). */
export class InvalidAnalysis extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAnalysis';
  }
}
