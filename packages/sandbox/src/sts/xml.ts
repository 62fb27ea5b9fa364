// STS's XML wire format (awsQuery protocol): success documents and the ErrorResponse envelope.
import { requestId } from '../ids.js';
import type { StsFault } from './fault.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Renders `{a: 'x', b: {c: 'y'}}` as nested elements; values are escaped. */
function elements(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(
      ([k, v]) =>
        `<${k}>${typeof v === 'object' && v !== null ? elements(v as Record<string, unknown>) : escapeXml(String(v))}</${k}>`,
    )
    .join('');
}

export function successXml(action: string, result: Record<string, unknown>): string {
  return `<${action}Response xmlns="${NS}"><${action}Result>${elements(result)}</${action}Result><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>\n`;
}

export function errorXml(fault: StsFault): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${fault.type}</Type><Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>\n`;
}
