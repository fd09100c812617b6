/** The one quantity formatter lives in the domain core; the web app uses it as is. */
export {
  formatNumber,
  formatQuantity,
  shiftDecimal,
  unitLabel,
  type Language as Lang,
  type QuantityOptions,
} from '../../../src/core/quantity';
