export {
  decodeText,
  type DecodedText,
  type DecodeProblem,
  type DecodeTextResult,
  type TextEncodingName,
} from './decode-text.js';
export { parseNumberCell, type NumberCell, type ParseNumberOptions } from './parse-cell.js';
export {
  readCsvRecords,
  type CsvDelimiter,
  type CsvProblem,
  type CsvReadOptions,
  type CsvRecords,
  type CsvRow,
} from './parse-csv.js';
