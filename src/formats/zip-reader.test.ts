import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openZip, ZipFormatError, type ZipArchive } from './zip-reader.js';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function contents(archive: ZipArchive, name: string): Promise<string> {
  const entry = archive.entries.get(name);
  if (!entry) throw new Error(`no ${name}`);
  return text(await archive.open(entry));
}

/** A workbook written by exceljs's streaming writer (archiver), with the given zip options. */
async function workbook(zip: { store?: boolean; forceZip64?: boolean } = {}): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => output.on('end', resolve));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: true,
    zip,
  });
  const sheet = writer.addWorksheet('Data');
  for (let i = 1; i <= 2000; i += 1) sheet.addRow([i, `第${i}行`]).commit();
  sheet.commit();
  await writer.commit();
  await ended;
  return Buffer.concat(chunks);
}

/** A zip of stored (uncompressed) entries, written byte by byte; sizes and offsets optionally in Zip64 fields. */
function storedZip(files: Record<string, string>, zip64 = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(zip64 ? 0xffffffff : data.length, 20);
    central.writeUInt32LE(zip64 ? 0xffffffff : data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    const extra = Buffer.alloc(zip64 ? 4 + 24 : 0);
    if (zip64) {
      central.writeUInt16LE(extra.length, 30);
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes, extra);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('openZip', () => {
  it.each([
    ['deflated', {}],
    ['stored', { store: true }],
    ['Zip64', { forceZip64: true }],
  ])('reads every entry of a %s archive, in any order', async (_, options) => {
    const archive = await openZip(await workbook(options));
    expect([...archive.entries.keys()]).toEqual(
      expect.arrayContaining([
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
        'xl/sharedStrings.xml',
      ]),
    );
    // The last entry first: the one a single forward pass loses.
    expect(await contents(archive, 'xl/workbook.xml')).toContain('<sheet ');
    const sheet = await contents(archive, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A2000"');
    expect(await contents(archive, 'xl/sharedStrings.xml')).toContain('第2000行');
    await archive.close();
  });

  it('reads a file by path, opening an entry more than once', async () => {
    const path = join(tmpdir(), `planwatch-zip-${process.pid}.zip`);
    await writeFile(path, storedZip({ 'a.txt': 'alpha', '目录/b.txt': '乙' }));
    try {
      const archive = await openZip(path);
      expect(await contents(archive, '目录/b.txt')).toBe('乙');
      expect(await contents(archive, 'a.txt')).toBe('alpha');
      expect(await contents(archive, 'a.txt')).toBe('alpha');
      await archive.close();
    } finally {
      await rm(path, { force: true });
    }
  });

  it('reads sizes and offsets from Zip64 extra fields', async () => {
    const archive = await openZip(storedZip({ 'a.txt': 'alpha', 'b.txt': 'beta' }, true));
    expect(archive.entries.get('b.txt')).toMatchObject({
      size: 4,
      compressedSize: 4,
      localHeaderOffset: 40,
    });
    expect(await contents(archive, 'b.txt')).toBe('beta');
  });

  it('reads an empty entry', async () => {
    const archive = await openZip(storedZip({ empty: '' }));
    expect(await contents(archive, 'empty')).toBe('');
  });

  it('refuses what is no zip or is cut short', async () => {
    await expect(openZip(Buffer.from('not a zip at all'))).rejects.toThrow(ZipFormatError);
    const whole = storedZip({ 'a.txt': 'alpha' });
    await expect(openZip(whole.subarray(0, whole.length - 5))).rejects.toThrow(
      /no end of central directory/,
    );
    const damaged = Buffer.from(whole);
    damaged.writeUInt32LE(0, whole.length - 22 - 46 - 5);
    await expect(openZip(damaged)).rejects.toThrow(/central directory entry 1 is damaged/);
  });

  it('refuses an encrypted or unknown-method entry when it is opened', async () => {
    const zip = storedZip({ 'a.txt': 'alpha' });
    const centralAt = zip.length - 22 - 46 - 'a.txt'.length;
    const encrypted = Buffer.from(zip);
    encrypted.writeUInt16LE(0x0801, centralAt + 8);
    const archive = await openZip(encrypted);
    await expect(archive.open(archive.entries.get('a.txt')!)).rejects.toThrow(/encrypted/);
    const bzip = Buffer.from(zip);
    bzip.writeUInt16LE(12, centralAt + 10);
    const other = await openZip(bzip);
    await expect(other.open(other.entries.get('a.txt')!)).rejects.toThrow(/method 12/);
  });
});
