import { helpCard } from '../../cards';
import type { VerbHandler } from './verb';

export const showHelp: VerbHandler = async () => ({ card: helpCard() });
