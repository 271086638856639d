/** A form that shows the outcome of what it submitted: `fail(null)` when it went through, else the error, in words. */
export interface OutcomeForm {
  fail(error: unknown): void;
}

/** Runs a page's `work` for a form and tells the form how it ended; true when it went through. */
export async function attempt(form: OutcomeForm | undefined | null, work: () => Promise<void>): Promise<boolean> {
  try {
    await work();
    form?.fail(null);
    return true;
  } catch (e) {
    form?.fail(e);
    return false;
  }
}
