import { describe, expect, it } from "vitest";
import { adfToText } from "./adf.js";

describe("adfToText", () => {
  it("flattens paragraphs, breaks, lists, mentions, emoji and links", () => {
    const doc = {
      type: "doc",
      version: 1,
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Hi " },
            { type: "mention", attrs: { id: "1", text: "@Ada" } },
            { type: "text", text: " ", marks: [{ type: "strong" }] },
            { type: "emoji", attrs: { shortName: ":tada:" } },
            { type: "hardBreak" },
            { type: "text", text: "see", marks: [{ type: "link", attrs: { href: "https://x" } }] },
          ],
        },
        {
          type: "bulletList",
          content: [
            {
              type: "listItem",
              content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }],
            },
            {
              type: "listItem",
              content: [{ type: "paragraph", content: [{ type: "text", text: "two" }] }],
            },
          ],
        },
        {
          type: "codeBlock",
          attrs: { language: "ts" },
          content: [{ type: "text", text: "let x = 1;" }],
        },
        {
          type: "paragraph",
          content: [{ type: "inlineCard", attrs: { url: "https://jira/ENG-1" } }],
        },
      ],
    };
    expect(adfToText(doc)).toBe("Hi @Ada :tada:\nsee\none\ntwo\nlet x = 1;\nhttps://jira/ENG-1");
  });

  it("passes strings through and turns anything else into an empty string", () => {
    expect(adfToText("plain")).toBe("plain");
    expect(adfToText(null)).toBe("");
    expect(adfToText(42)).toBe("");
    expect(adfToText({ type: "doc", version: 1, content: [] })).toBe("");
  });
});
