/**
 * A zip archive read through its central directory, each entry as a stream.
 *
 * Why: exceljs's streaming WorkbookReader reads the archive in one forward
 * pass (unzipper's Parse), which on Node 18+ ends early at random and loses
 * the last entries, usually xl/workbook.xml (exceljs issue #3064; most reads
 * of an exceljs-written file fail here). Reading the central directory gives
 * every entry in any order, so the workbook parts can be parsed before the
 * sheets; an entry is still inflated as a stream, so a large sheet is never
 * held whole. Stored and deflated entries, Zip64 sizes and offsets; no
 * encryption (an .xlsx never needs it: Excel's password protection is an
 * OLE file, not a zip).
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** CRC-32 of the content; 0 may also mean a writer that recorded none. */
  crc32: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  /** Entries by name, in central directory order. */
  entries: ReadonlyMap<string, ZipEntry>;
  /** The entry's content, inflated. */
  open(entry: ZipEntry): Promise<Readable>;
  close(): Promise<void>;
}

/** The archive is damaged or no zip file. */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

interface Source {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
  /** Bytes [start, end) as a stream. */
  stream(start: number, end: number): Readable;
  close(): Promise<void>;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;

/** Opens a zip held in memory or a file (by path: only the parts needed are read). */
export async function openZip(input: Buffer | string): Promise<ZipArchive> {
  const source = typeof input === 'string' ? await fileSource(input) : bufferSource(input);
  try {
    const entries = await readCentralDirectory(source);
    return {
      entries,
      open: (entry) => openEntry(source, entry),
      close: () => source.close(),
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}

function bufferSource(buffer: Buffer): Source {
  return {
    size: buffer.length,
    read: async (position, length) => buffer.subarray(position, position + length),
    stream: (start, end) => Readable.from([buffer.subarray(start, end)]),
    close: async () => {},
  };
}

async function fileSource(path: string): Promise<Source> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (position, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    },
    stream: (start, end) =>
      end > start ? createReadStream(path, { start, end: end - 1 }) : Readable.from([]),
    close: () => handle.close(),
  };
}

async function readCentralDirectory(source: Source): Promise<Map<string, ZipEntry>> {
  const tailStart = Math.max(0, source.size - EOCD_SIZE - MAX_COMMENT);
  const tail = await source.read(tailStart, source.size - tailStart);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1)
    throw new ZipFormatError('no end of central directory: not a zip file, or cut short');
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locatorAt = tailStart + eocd - 20;
    const locator = locatorAt >= 0 ? await source.read(locatorAt, 20) : Buffer.alloc(0);
    if (locator.length === 20 && locator.readUInt32LE(0) === ZIP64_LOCATOR) {
      const record = await source.read(safeNumber(locator.readBigUInt64LE(8)), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD)
        throw new ZipFormatError('a damaged Zip64 end of central directory');
      count = safeNumber(record.readBigUInt64LE(32));
      directorySize = safeNumber(record.readBigUInt64LE(40));
      directoryOffset = safeNumber(record.readBigUInt64LE(48));
    }
  }
  if (directoryOffset + directorySize > source.size)
    throw new ZipFormatError('the central directory lies beyond the end of the file: cut short?');
  const directory = await source.read(directoryOffset, directorySize);

  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_HEADER)
      throw new ZipFormatError(`central directory entry ${index + 1} is damaged`);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name,
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      crc32: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    };
    applyZip64(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.set(name, entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Zip64 extra field (0x0001): 64-bit values for the 32-bit fields set to 0xFFFFFFFF, in this order. */
function applyZip64(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        if (field + 8 > at + 4 + length)
          throw new ZipFormatError(`${entry.name}: a damaged Zip64 field`);
        const value = safeNumber(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ZipFormatError('a size beyond what can be read');
  return Number(value);
}

async function openEntry(source: Source, entry: ZipEntry): Promise<Readable> {
  if (entry.flags & 0x1) throw new ZipFormatError(`${entry.name} is encrypted`);
  if (entry.method !== STORED && entry.method !== DEFLATED)
    throw new ZipFormatError(
      `${entry.name} is compressed with method ${entry.method}, not deflate`,
    );
  const header = await source.read(entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER)
    throw new ZipFormatError(`${entry.name}: a damaged local header`);
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const end = start + entry.compressedSize;
  if (end > source.size) throw new ZipFormatError(`${entry.name} is cut short`);
  const raw = source.stream(start, end);
  const content = entry.method === STORED ? raw : inflated(raw);
  const checked = checkedContent(entry);
  content.on('error', (error) => checked.destroy(error));
  // Closing the checked stream early must release the file it reads from.
  checked.on('close', () => content.destroy());
  return content.pipe(checked);
}

function inflated(raw: Readable): Readable {
  const inflate = createInflateRaw();
  raw.on('error', (error) => inflate.destroy(error));
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}

/**
 * Passes the content on and, at its end, compares its size and CRC-32 with
 * the central directory's: a damaged byte in deflated data often still
 * inflates, and would be read as other text or numbers without a word.
 */
function checkedContent(entry: ZipEntry): Transform {
  let size = 0;
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      crc = crc32(chunk, crc);
      callback(null, chunk);
    },
    flush(callback) {
      if (size !== entry.size)
        callback(new ZipFormatError(`${entry.name} is damaged: ${size} bytes, not ${entry.size}`));
      // Hand-made zips may record no CRC (0); a real one of 0 is one in four billion.
      else if (entry.crc32 !== 0 && crc >>> 0 !== entry.crc32)
        callback(new ZipFormatError(`${entry.name} is damaged: its checksum does not match`));
      else callback();
    },
  });
}
