import { answerLost, unreadableSuccess } from "./failure.js";

export interface CreateOnce<T> {
  create(): Promise<T>;
  /** Finds what an earlier create may have made; absent when it cannot be looked up. */
  find?: () => Promise<T | undefined>;
  /** What was made, for the notes: "the person", "the SaaS record". */
  noun: string;
  /** Also look it up when a 2xx answer could not be read (the create did happen). */
  findWhenUnreadable: boolean;
}

/**
 * Creates something at most once. When a create's outcome is unknown (the answer was
 * lost after the request was sent), Oomnitza may already hold it: it is looked up, and
 * the create is sent again only when it is absent.
 */
export async function createOnce<T>(spec: CreateOnce<T>): Promise<{ value: T; note?: string }> {
  try {
    return { value: await spec.create() };
  } catch (err) {
    const unreadable = spec.findWhenUnreadable && unreadableSuccess(err);
    if ((!answerLost(err) && !unreadable) || !spec.find) throw err;
    let existing: T | undefined;
    try {
      existing = await spec.find();
    } catch (lookup) {
      // The create's own failure is what matters: it may have been applied.
      throw unreadable ? lookup : err;
    }
    if (existing !== undefined) {
      const note = unreadable
        ? `Oomnitza's answer to the create could not be read; ${spec.noun} was found in Oomnitza`
        : `the create's response was lost; ${spec.noun} was found in Oomnitza, so it was not sent again`;
      return { value: existing, note };
    }
    if (unreadable) throw err;
    const value = await spec.create();
    return { value, note: `the first create's response was lost and ${spec.noun} was not in Oomnitza; sent once more` };
  }
}
