/**
 * Takes out of a question what Discord and Markdown add but the member did not ask: mentions of
 * members, roles, channels and commands, custom and Unicode emoji, links, and Markdown markers.
 * "<@123456789012345678> how much do they earn" asks "how much do they earn": the mention names no
 * topic, and left in it would tip the scope judge towards a refusal.
 *
 * Hand-written: discord.js only escapes Markdown (`escapeMarkdown`) and the core imports nothing from
 * it; no kept npm package removes Discord's mention syntax. Pure, no I/O.
 */

/** A question without mentions, links, emoji and Markdown markers, and how many of each went. */
export interface CleanedQuestion {
  /** The words the member typed, whitespace collapsed; '' when nothing else was there. */
  text: string;
  removed: {
    /** Members, roles, channels, slash commands, `@everyone` and `@here`. */
    mentions: number;
    /** Links, including the targets of Markdown links (`[text](url)` keeps its text). */
    urls: number;
    /** Custom (`<:name:id>`, `<a:name:id>`) and Unicode emoji. */
    emoji: number;
  };
}

/** `<@id>`, `<@!id>` (members), `<@&id>` (roles), `<#id>` (channels). */
const MENTION = /<(?:@[!&]?|#)\d+>/g;
/** `</ask:id>`, `</config set:id>`: a slash command shown as a link. */
const COMMAND_MENTION = /<\/[^<>:\n]+:\d+>/g;
const MASS_MENTION = /@(?:everyone|here)\b/gi;
const CUSTOM_EMOJI = /<a?:\w+:\d+>/g;
/** `[text](url)` (Discord's masked links): the text stays, the target goes. */
const MASKED_LINK = /\[([^\]\n]*)\]\(\s*<?(?:https?:\/\/|www\.)[^)\s]*>?\s*\)/gi;
/**
 * Links, with the angle brackets that stop Discord's preview (`<https://...>`); parentheses only when
 * balanced, so "(see https://x.org)" loses the link and keeps the brackets.
 */
const URL =
  /<?(?<![\p{L}\p{N}])(?:https?:\/\/|www\.|(?:discord\.gg|discord(?:app)?\.com\/invite)\/)(?:[^\s<>()]|\([^\s<>()]*\))*>?/giu;
/**
 * One emoji as people see it: a pictograph, a flag (two regional indicators) or a keycap (1️⃣),
 * with its skin-tone modifiers, variation selectors and the pictographs it is joined to (👩‍⚕️).
 */
const EMOJI =
  /(?:\p{Extended_Pictographic}|\p{Regional_Indicator}{1,2}|[#*0-9]\uFE0F?\u20E3)(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic})*/gu;

/** Removes mentions, links, emoji and Markdown markers from a question, keeping its words. */
export function cleanQuestion(raw: string): CleanedQuestion {
  const removed = { mentions: 0, urls: 0, emoji: 0 };
  const cut = (text: string, pattern: RegExp, key: keyof typeof removed): string =>
    text.replace(pattern, () => {
      removed[key] += 1;
      return ' ';
    });

  // Discord's escapes ("\\*" shows "*") go first: the escaped characters are markers like the rest.
  let text = raw.replace(/\\([\\`*_~|>#-])/g, '$1');
  // Code first: a fence's language tag ("```js") is no word of the question, its content is.
  text = text.replace(/```[^\S\n]*(?:[\w+#.-]+[^\S\n]*\n)?([\s\S]*?)```/g, ' $1 ');
  text = text.replace(/`+([^`]*)`+/g, ' $1 ');
  text = cut(text, MENTION, 'mentions');
  text = cut(text, COMMAND_MENTION, 'mentions');
  text = cut(text, MASS_MENTION, 'mentions');
  text = cut(text, CUSTOM_EMOJI, 'emoji');
  text = text.replace(MASKED_LINK, (_link, label: string) => {
    removed.urls += 1;
    return ` ${label} `;
  });
  text = cut(text, URL, 'urls');
  text = cut(text, EMOJI, 'emoji');
  text = stripMarkdown(text);
  return { text: tidy(text), removed };
}

/** Markdown that carries no words: spoilers, headings, quotes, list bullets, emphasis, escapes. */
function stripMarkdown(text: string): string {
  return (
    text
      .replace(/\|\|/g, ' ')
      // Headings (#, ##, ###), Discord's subtext (-#) and quotes (>, >>>) at the start of a line.
      .replace(/^[^\S\n]*(?:-#|#{1,6}|>{1,3})(?=\s)/gm, ' ')
      .replace(/^[^\S\n]*[-*+](?=\s)/gm, ' ')
      // Bold, italic, underline and strikethrough markers; a lone "_" inside a word (snake_case) stays.
      .replace(/\*+|~~/g, ' ')
      .replace(/(^|[^\p{L}\p{N}_])_+|_+(?=[^\p{L}\p{N}]|$)/gu, '$1 ')
  );
}

/** Collapses whitespace and mends what removals leave: " ?" after a word, a comma before nothing. */
function tidy(text: string): string {
  return text
    .replace(/\(\s*\)|\[\s*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([?!.,;:)\]])/g, '$1')
    .replace(/^[\s,;:.!?-]+(?=\p{L}|\p{N})/u, '')
    .replace(/^[\s,;:]+$/, '')
    .trim();
}
