// Just enough of the .xlsx format to read the workbooks the stub serves (the import template and
// the export files): the zip central directory, raw-deflate entries, and a few XML elements found
// by pattern.

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

/** The zero-based column of a cell reference such as `C12`. */
function column(reference: string): number {
  const letters = /^([A-Z]+)/.exec(reference)?.[1];
  if (!letters) throw new Error(`not a cell reference: ${JSON.stringify(reference)}`);
  return [...letters].reduce((index, letter) => index * 26 + (letter.charCodeAt(0) - 64), 0) - 1;
}

/** The names of the workbook's sheets and every row of the first sheet, each cell as text:
 * strings as written, numbers as their XML value (`1`, `30`), missing cells as "". Every row is
 * as wide as the widest. */
export function readRows(workbook: ArrayBuffer): { sheets: string[]; rows: string[][] } {
  const files = entries(Buffer.from(workbook));
  const read = (name: string): string => {
    const file = files.get(name);
    if (!file) throw new Error(`the workbook has no ${name}`);
    return file.toString("utf8");
  };
  const sheets = [...read("xl/workbook.xml").matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => unescapeXml(m[1]!));
  const texts = (xml: string): string =>
    [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1]!)).join("");
  const shared = files.has("xl/sharedStrings.xml")
    ? [...read("xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((si) => texts(si[1]!))
    : [];
  const rows: Map<number, string>[] = [];
  for (const row of read("xl/worksheets/sheet1.xml").matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const cells = new Map<number, string>();
    // A cell is `<c .../>` (empty) or `<c ...>...</c>`.
    for (const cell of (row[1] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cell[1]!;
      const body = cell[2] ?? "";
      const reference = /\br="([A-Z]+\d+)"/.exec(attributes)?.[1];
      if (!reference) throw new Error(`a cell without a reference: ${cell[0]}`);
      let text: string;
      if (/\bt="s"/.test(attributes)) {
        const index = Number(/<v>(\d+)<\/v>/.exec(body)?.[1]);
        const value = shared[index];
        if (value === undefined) throw new Error(`shared string ${index} is missing`);
        text = value;
      } else if (/\bt="inlineStr"/.test(attributes)) {
        text = texts(body);
      } else {
        text = unescapeXml(/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? "");
      }
      cells.set(column(reference), text);
    }
    rows.push(cells);
  }
  const width = Math.max(0, ...rows.map((cells) => Math.max(0, ...[...cells.keys()].map((c) => c + 1))));
  return { sheets, rows: rows.map((cells) => Array.from({ length: width }, (_, i) => cells.get(i) ?? "")) };
}

/** The names of the workbook's sheets and the texts of the first sheet's first row. */
export function firstSheet(workbook: ArrayBuffer): { sheets: string[]; header: string[] } {
  const { sheets, rows } = readRows(workbook);
  const header = rows[0];
  if (!header) throw new Error("the first sheet has no first row");
  return { sheets, header };
}
