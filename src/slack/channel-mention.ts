/** The channel named in a slash command's text (`<#C0123ABC|name>` or `<#C0123ABC>`, as Slack escapes a mention). */
export function mentionedChannel(text: string): string | undefined {
  return /<#([CG][A-Z0-9]{2,30})(?:\|[^>]*)?>/.exec(text)?.[1];
}
