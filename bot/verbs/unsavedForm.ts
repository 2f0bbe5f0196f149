import { withNotSavedNotice, type UnsavedForm } from '../../cards';
import { isStoreWriteError } from '../../services/store/writeFailures';
import type { VerbReply } from './verb';

/**
 * Runs a form's submit; when the store cannot write, answers with the same form as it was filled
 * in and a notice that nothing was saved, instead of an error that would lose what was typed.
 * The store has already logged the fault once (services/store/writeHealth.ts).
 */
export async function keepFormWhenNotSaved(what: UnsavedForm, submit: () => Promise<VerbReply>, formAsTyped: () => Promise<VerbReply> | VerbReply): Promise<VerbReply> {
  try {
    return await submit();
  } catch (error) {
    if (!isStoreWriteError(error)) throw error;
    const form = await formAsTyped();
    return { ...form, card: withNotSavedNotice(form.card, what) };
  }
}
