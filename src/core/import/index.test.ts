import { describe, expect, it } from 'vitest';
import { decodeText, parseNumberCell, readCsvRecords } from './index.js';

describe('importing a GBK CSV saved by older office software', () => {
  it('decodes, reads and parses it, saying what it assumed', () => {
    // 地区,指标,数值 / 湖北省,互联网普及率,"６５.２" / 武汉市,互联网普及率,— in GBK, CRLF endings.
    const bytes = Uint8Array.from(
      [
        'B5 D8 C7 F8 2C D6 B8 B1 EA 2C CA FD D6 B5 0D 0A',
        'BA FE B1 B1 CA A1 2C BB A5 C1 AA CD F8 C6 D5 BC B0 C2 CA 2C 22 A3 B6 A3 B5 2E 32 22 0D 0A',
        'CE E4 BA BA CA D0 2C BB A5 C1 AA CD F8 C6 D5 BC B0 C2 CA 2C A1 AA 0D 0A',
      ]
        .join(' ')
        .split(' ')
        .map((byte) => parseInt(byte, 16)),
    );
    const decoded = decodeText(bytes);
    expect(decoded).toMatchObject({ ok: true, encoding: 'gb18030' });
    if (!decoded.ok) return;

    const csv = readCsvRecords(decoded.text);
    expect(csv).toEqual({
      delimiter: ',',
      header: ['地区', '指标', '数值'],
      rows: [
        { line: 2, cells: ['湖北省', '互联网普及率', '６５.2'] },
        { line: 3, cells: ['武汉市', '互联网普及率', '—'] },
      ],
      problems: [],
    });
    expect(csv.rows.map((row) => parseNumberCell(row.cells[2]!, { percent: true }))).toEqual([
      { kind: 'number', value: 65.2 },
      { kind: 'missing' },
    ]);
  });
});
