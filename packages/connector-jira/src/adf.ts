/**
 * Atlassian Document Format (ADF) to plain text: text nodes are concatenated, block nodes
 * (paragraphs, headings, list items, code blocks, ...) end with a newline, hard breaks become
 * newlines, mentions, emoji and links keep their visible text. Plain strings pass through
 * (API v2 bodies, or a proxy that renders them); anything else becomes "".
 * @example
 * adfToText({ type: "doc", version: 1, content: [
 *   { type: "paragraph", content: [{ type: "text", text: "Hello" }] },
 * ] }); // "Hello"
 */
export function adfToText(node: unknown): string {
  if (typeof node === "string") return node;
  if (node === null || typeof node !== "object") return "";
  const parts: string[] = [];
  walk(node as AdfNode, parts);
  return parts.join("").replace(/\n+$/, "");
}

interface AdfNode {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: unknown;
}

const BLOCKS = new Set([
  "paragraph",
  "heading",
  "blockquote",
  "codeBlock",
  "listItem",
  "panel",
  "rule",
  "tableRow",
  "mediaSingle",
  "mediaGroup",
  "decisionItem",
  "taskItem",
  "expand",
  "nestedExpand",
]);

function walk(node: AdfNode, out: string[]): void {
  const type = typeof node.type === "string" ? node.type : "";
  if (type === "text" && typeof node.text === "string") {
    out.push(node.text);
    return;
  }
  if (type === "hardBreak") {
    out.push("\n");
    return;
  }
  if (type === "mention" || type === "emoji" || type === "status" || type === "date") {
    const attrs = node.attrs ?? {};
    const visible = attrs.text ?? attrs.shortName ?? attrs.timestamp;
    if (typeof visible === "string") out.push(visible);
    return;
  }
  if (type === "inlineCard" || type === "blockCard") {
    const url = node.attrs?.url;
    if (typeof url === "string") out.push(url);
  }
  if (Array.isArray(node.content)) {
    const cells = type === "tableRow";
    node.content.forEach((child: unknown, i: number) => {
      if (cells && i > 0) out.push("\t");
      if (child !== null && typeof child === "object") walk(child as AdfNode, out);
    });
  }
  if (BLOCKS.has(type)) {
    const last = out[out.length - 1];
    if (last !== undefined && !last.endsWith("\n")) out.push("\n");
    else if (last === undefined) out.push("\n");
  }
}
