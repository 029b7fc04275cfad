// Just enough of the .xlsx format to read a workbook's first sheet name and header row: the
// zip central directory, raw-deflate entries, and a few XML elements found by pattern.

import { inflateRawSync } from "node:zlib";

function entries(zip: Buffer): Map<string, Buffer> {
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("not a zip archive: no end of central directory");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("corrupt central directory");
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + size);
    if (method === 0) files.set(name, raw);
    else if (method === 8) files.set(name, inflateRawSync(raw));
    else throw new Error(`zip entry ${name} uses compression method ${method}`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The names of the workbook's sheets and the texts of the first sheet's first row. */
export function firstSheet(workbook: ArrayBuffer): { sheets: string[]; header: string[] } {
  const files = entries(Buffer.from(workbook));
  const read = (name: string): string => {
    const file = files.get(name);
    if (!file) throw new Error(`the workbook has no ${name}`);
    return file.toString("utf8");
  };
  const sheets = [...read("xl/workbook.xml").matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => unescapeXml(m[1]!));
  const shared = files.has("xl/sharedStrings.xml")
    ? [...read("xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((si) =>
        [...si[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1]!)).join(""),
      )
    : [];
  const row = /<row\b[^>]*\br="1"[^>]*>([\s\S]*?)<\/row>/.exec(read("xl/worksheets/sheet1.xml"));
  if (!row) throw new Error("the first sheet has no first row");
  const header = [...row[1]!.matchAll(/<c\b([^>]*)>([\s\S]*?)<\/c>/g)].map((cell) => {
    const attributes = cell[1]!;
    const body = cell[2]!;
    if (/\bt="s"/.test(attributes)) {
      const index = Number(/<v>(\d+)<\/v>/.exec(body)?.[1]);
      const text = shared[index];
      if (text === undefined) throw new Error(`shared string ${index} is missing`);
      return text;
    }
    return [...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1]!)).join("");
  });
  return { sheets, header };
}
