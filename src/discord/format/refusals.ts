import { escapeUserText } from './escape.js';
import { truncateText } from './split-text.js';
import { RESTJSONErrorCodes } from 'discord.js';
/**
 * The short sentences members see. Kept together so their tone stays consistent; details go to the log.
 */
export const REPLIES = Object.freeze({
  empty:
    'Ask a question after the command, e.g. `/ask question: What does a medical administrative assistant earn?`',
  tooLong: (max: number, length: number) =>
    `That question is too long (${length} characters; the limit is ${max}). Please shorten it.`,
  cooldown: (seconds: number) => `You're asking quickly. Please wait ${seconds} s before your next question.`,
  channelNotAllowed: "I don't answer questions in this channel. Please ask in one of the bot channels.",
  shuttingDown: 'The bot is restarting. Please ask again in a minute.',
  apology: 'Sorry, something went wrong while answering. Please try again in a moment.',
  onlyModerators: 'Only moderators can pin answers.',
  onlyModeratorsTeach: 'Only moderators can teach the bot.',
  onlyModeratorsTeachChoice:
    'Only moderators can tell the bot which section answers a question. You can ask again in other words.',
  teachSectionGone: 'That section is no longer in the guide (it changed since this reply). Use `/teach`.',
  teachAnswerGone:
    'That lesson or sentence is no longer there (the lesson was removed or the guide changed). Use `/teach … answer:`.',
  teachNoSection:
    'No section of the guide has that heading. `/pins` and the Sources of an answer show the headings.',
  teachAmbiguous: 'Several sections match; give more of the heading:',
  teachNoSentence:
    'No sentence of that section holds those words. Copy a sentence of the section (or a unique part of one) into `answer`.',
  teachAmbiguousSentence:
    'Several sentences of that section hold those words; give more of the one you mean:',
  teachSentenceWithoutSection:
    'An answer sentence needs a section: leave `answer` out to teach that the guide does not cover it.',
  taught: (id: number, heading: string) =>
    `Learned (#${id}): questions like this one will be answered from “${heading}”.`,
  taughtWithAnswer: (id: number, heading: string, sentence: string) =>
    `Learned (#${id}): questions like this one will be answered from “${heading}”, preferring the sentence “${sentence}”.`,
  taughtNotCovered: (id: number) =>
    `Learned (#${id}): the guide does not cover questions like this one; the bot will say so.`,
  onlyModeratorsRemove: 'Only moderators can remove pinned answers.',
  answerGone: "I can't find that answer any more (it may be from before a reset).",
  nothingToPin: 'Only answers from the guide can be pinned.',
  alreadyPinned: (id: number) => `This answer is already pinned (pin #${id}).`,
  pinned: (id: number) => `Pinned (pin #${id}). Later questions like this one will get this answer first.`,
  pinNeedsQuestion:
    'Pin as answer works on a message that replies to a question: use it on the reply, not on the question.',
  pinNoText: 'That message has no text to use as an answer.',
  pinRemoved: (id: number) => `Removed pin #${id}.`,
  pinRemovedNotUnpinned: (id: number, why: string) =>
    `Removed pin #${id} from my list, but Discord did not unpin the message: ${why}`,
  noSuchPin: (id: number) => `There is no active pin #${id}. \`/pins list\` shows them.`,
  noPins: 'No answers are pinned yet. Moderators can press 📌 Pin under an answer.',
  voteRecorded: (up: boolean) =>
    up ? 'Thanks! Glad it helped. 👍' : 'Thanks, noted. 👎 The guide maintainers will see it.',
  voteChanged: (up: boolean) => `Changed your vote to ${up ? '👍' : '👎'}.`,
  voteUnchanged: (up: boolean) => `You already voted ${up ? '👍' : '👎'} on this answer.`,
});

/** Why Discord refused a pin, in words a moderator can act on. */
export function describePinRefusal(code: number | string | undefined): string {
  switch (code) {
    case RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel:
      return "this channel already has 50 pinned messages (Discord's limit). Unpin one and try again.";
    case RESTJSONErrorCodes.MissingPermissions:
      return 'I am missing the Pin Messages (or Manage Messages) permission in this channel.';
    case RESTJSONErrorCodes.MissingAccess:
      return "I can't see this channel (missing access).";
    case RESTJSONErrorCodes.UnknownMessage:
      return 'the message no longer exists.';
    case RESTJSONErrorCodes.MessageCanOnlyBePinnedInTheChannelItWasSentIn:
    case RESTJSONErrorCodes.CannotExecuteActionOnSystemMessage:
      return 'Discord does not allow pinning this kind of message.';
    default:
      return 'Discord refused the request. Please try again later.';
  }
}

/** A sentence or heading a teaching reply repeats: escaped, and cut to 160 characters (ten fit a reply). */
export function shownInReply(text: string): string {
  return escapeUserText(truncateText(text, 160));
}
