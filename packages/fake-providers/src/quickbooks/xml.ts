import { escapeXml } from './faults.js';

/**
 * A record as QuickBooks writes it in XML, element by element in the JSON's order (a reference's
 * `value` as the element's text, its `name` as an attribute): for the list entities, which no
 * client of the fake reads in XML but which must not answer JSON to a client that asked for none.
 */
export function recordXml(entity: string, record: Record<string, unknown>): string {
  return `<${entity} domain="QBO" sparse="false">${fields(record)}</${entity}>`;
}

function fields(record: Record<string, unknown>): string {
  return Object.entries(record)
    .filter(([key, value]) => key !== 'domain' && key !== 'sparse' && value !== undefined && value !== null)
    .map(([key, value]) => element(key, value))
    .join('');
}

function element(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => element(key, item)).join('');
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    if ('value' in object) {
      const name = typeof object.name === 'string' ? ` name="${escapeXml(object.name)}"` : '';
      return `<${key}${name}>${escapeXml(String(object.value))}</${key}>`;
    }
    return `<${key}>${fields(object)}</${key}>`;
  }
  return `<${key}>${escapeXml(String(value))}</${key}>`;
}
