/**
 * Numbers as the text a file should carry: the shortest decimal that reads
 * back as the same double (what String() gives), but always in plain
 * notation, since String(1e21) is "1e+21" and String(1e-7) is "1e-7", which
 * spreadsheets and people read differently or not at all.
 */

/** The shortest plain decimal that reads back as `value`; -0 is "0". Throws on NaN and infinities. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  if (value === 0) return '0';
  const text = String(value);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const [whole = '', fraction = ''] = text.slice(sign.length, e).split('.');
  return sign + placePoint(whole + fraction, whole.length + Number(text.slice(e + 1)));
}

/**
 * The decimal text of `value` x 100 followed by "%", computed on the digits
 * (0.071 * 100 is 7.1000000000000005 in floating point; the text is "7.1%").
 * For cells a spreadsheet formats as percentages: what the user sees and typed.
 */
export function percentText(value: number): string {
  const text = numberText(value);
  if (text === '0') return '0%';
  const sign = text.startsWith('-') ? '-' : '';
  const [whole = '', fraction = ''] = text.slice(sign.length).split('.');
  return `${sign}${placePoint(whole + fraction, whole.length + 2)}%`;
}

/** Digits with the decimal point after `point` of them (may be <= 0 or past the end), trimmed of needless zeros. */
function placePoint(digits: string, point: number): string {
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}
