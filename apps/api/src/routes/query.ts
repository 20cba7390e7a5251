import { z } from 'zod';

/** `?remote_data=true|false` (Panora's SDK sends the words; 1 and 0 are accepted too). */
export const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1')
  // Documented as Panora's boolean (sent as `true` / `false`), not as the four strings it accepts.
  .meta({ type: 'boolean', enum: undefined });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a row, so it is answered like an unknown id. */
export const isUuid = (value: string) => UUID.test(value);
