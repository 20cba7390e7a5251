/** What every Sage resource answers with, beside its own attributes: its id, name, path and times. */
export interface SageResource {
  id: string;
  displayed_as: string;
  $path: string;
  /** `2025-06-01T19:00:00Z`: to the second. */
  created_at: string;
  updated_at: string;
}
