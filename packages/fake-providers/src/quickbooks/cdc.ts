import {
  businessValidation,
  changedSinceTooOld,
  type EntityXml,
  QboFault,
  requiredParamMissing,
  unsupportedOperation,
  unsupportedProperty,
} from './faults.js';
import type { ChangeFeed, Handler } from './routes.js';

/**
 * Change data capture, `GET /v3/company/{realmId}/cdc?entities=A,B&changedSince=<date-time>`, as
 * Intuit documents it (NOTES.md): look-back at most 30 days, at most 1,000 objects per answer
 * (the rest cut off, no paging), grouped by entity in the order asked, each group in order of last
 * change; `{"CDCResponse":[{"QueryResponse":[{"Account":[...],"startPosition":1,"maxResults":n},...]}]}`.
 */
export const CDC_ENTITY = 'CDCResponse';
const LOOK_BACK_MS = 30 * 24 * 3600 * 1000;
const MAX_OBJECTS = 1000;

export function changeDataCapture(feeds: readonly ChangeFeed[], clock: () => number): Handler {
  const byName = new Map(feeds.map((feed) => [feed.entity.toLowerCase(), feed]));
  return (req, realmId) => {
    const now = clock();
    try {
      const params = req.query as Record<string, string | undefined>;
      const entities = params.entities?.split(',').map((name) => name.trim()).filter(Boolean) ?? [];
      if (entities.length === 0) throw requiredParamMissing('entities');
      const changedSince = params.changedSince;
      if (changedSince === undefined || changedSince.trim() === '') throw requiredParamMissing('changedSince');
      const since = Date.parse(changedSince);
      if (Number.isNaN(since)) throw unsupportedProperty(`changedSince ${changedSince} is not a date-time`, 'changedSince');
      if (since < now - LOOK_BACK_MS) throw changedSinceTooOld(changedSince);
      if (since > now) throw businessValidation('changedSince is in the future.', 'changedSince');
      const groups: Record<string, unknown>[] = [];
      let left = MAX_OBJECTS;
      for (const name of entities) {
        const feed = byName.get(name.toLowerCase());
        // Intuit: CDC serves every entity but JournalCode, TaxAgency, TimeActivity, TaxCode and TaxRate.
        if (feed === undefined) throw unsupportedOperation(`cdc for ${name}`);
        // MetaData keeps whole seconds: a change is "since" when its stamped second is.
        const changed = feed
          .changedSince(realmId, since - 999)
          .filter(({ at }) => Math.floor(at / 1000) * 1000 >= since)
          .sort((a, b) => a.at - b.at)
          .slice(0, left)
          .map(({ record }) => record);
        left -= changed.length;
        groups.push(changed.length === 0 ? {} : { [feed.entity]: changed, startPosition: 1, maxResults: changed.length });
      }
      const value = [{ QueryResponse: groups }] as unknown as Record<string, unknown>;
      return { status: 200, payload: { kind: 'entity', name: CDC_ENTITY, value, time: now } };
    } catch (error) {
      if (error instanceof QboFault) return error.answer(now);
      throw error;
    }
  };
}

/** The CDC answer in XML, for a client that asks for no JSON. */
export function cdcXml(entities: ReadonlyMap<string, EntityXml>): EntityXml {
  return (value) => {
    const responses = value as unknown as { QueryResponse: Record<string, unknown>[] }[];
    const groups = (responses[0]?.QueryResponse ?? []).map((group) => {
      const [entity, rows] = (Object.entries(group).find(([, rows]) => Array.isArray(rows)) ?? ['', []]) as [string, Record<string, unknown>[]];
      const xml = entities.get(entity);
      return `<QueryResponse>${xml ? rows.map(xml).join('') : ''}</QueryResponse>`;
    });
    return `<CDCResponse>${groups.join('')}</CDCResponse>`;
  };
}
