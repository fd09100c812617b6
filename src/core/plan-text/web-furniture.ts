/**
 * Web page furniture that pages copied from a blog or a government site carry
 * around the text of a plan: a "Posted on" line above it, a comment form or
 * share buttons below it.
 */

/** Lines above the text that belong to the page, not to the plan. */
const HEADER_PATTERNS: readonly RegExp[] = [
  /^(?:posted|updated|published)\s+on\b/i,
  /^(?:posted|published)\s+by\b/i,
  /^leave a comment$/i,
  /^skip to (?:content|main content)$/i,
  /^(?:来源|发布时间|发布日期|字号|【字体|打印本页|分享到)[:：\s]/u,
];

/** First lines of a page footer: everything from such a line to the end is dropped. */
const FOOTER_PATTERNS: readonly RegExp[] = [
  /^leave a (?:reply|comment)\b/i,
  /^fill in your details below\b/i,
  /^you are commenting using your\b/i,
  /^connecting to %s$/i,
  /^(?:share|like) this:?$/i,
  /^related(?: posts)?:?$/i,
  /^post navigation$/i,
  /^(?:previous|next) post\b/i,
  /^comments are closed\b/i,
  /^notify me of (?:new|follow-up)\b/i,
  /^(?:blog at|create a free website or blog at) wordpress\.com/i,
  /^(?:上一篇|下一篇|相关阅读|相关链接|责任编辑)[:：\s]?/u,
];

/** True for a line of page furniture above the text of a plan ("Posted on Updated on"). */
export function isHeaderFurniture(content: string): boolean {
  return HEADER_PATTERNS.some((pattern) => pattern.test(content));
}

/** True for the first line of a page footer ("Leave a Reply"). */
export function isFooterStart(content: string): boolean {
  return FOOTER_PATTERNS.some((pattern) => pattern.test(content));
}
