import { sageId } from '../ids.js';
import { sageTime } from '../ledger-accounts/rules.js';
import type { SageResource } from '../resource.js';
import { UK_ANALYSIS_TYPES } from './defaults.js';

/** An analysis type category as Sage answers it (`AnalysisTypeCategory`). */
export interface SageAnalysisTypeCategory extends SageResource {
  code: string;
  name: string;
  combined_id: string;
  analysis_type: { id: string; displayed_as: string; $path: string };
}

/** An analysis type as Sage answers it (`AnalysisType`), its categories embedded. */
export interface SageAnalysisType extends SageResource {
  active_areas: string[];
  analysis_type_level: string;
  name: string;
}

/** One business's analysis types and categories, in creation order. */
export class AnalysisStore {
  readonly types = new Map<string, SageAnalysisType>();
  readonly categories = new Map<string, SageAnalysisTypeCategory>();

  constructor(now: number) {
    for (const entry of UK_ANALYSIS_TYPES) {
      const id = sageId();
      const at = sageTime(now);
      this.types.set(id, {
        id,
        displayed_as: entry.name,
        $path: `/analysis_types/${id}`,
        created_at: at,
        updated_at: at,
        active_areas: [...entry.activeAreas],
        analysis_type_level: entry.level,
        name: entry.name,
      });
      for (const n of [1, 2, 3]) this.addCategory(id, `0${n}`, `${entry.categoryPrefix} ${n}`, now);
    }
  }

  addCategory(typeId: string, code: string, name: string, now: number): SageAnalysisTypeCategory {
    const type = this.types.get(typeId);
    if (!type) throw new Error(`no analysis type ${typeId}`);
    const id = sageId();
    const at = sageTime(now);
    const category: SageAnalysisTypeCategory = {
      id,
      displayed_as: `${code} - ${name}`,
      $path: `/analysis_type_categories/${id}`,
      created_at: at,
      updated_at: at,
      code,
      name,
      combined_id: `${typeId}_${code}`,
      analysis_type: { id: type.id, displayed_as: type.name, $path: type.$path },
    };
    this.categories.set(id, category);
    return category;
  }

  /** A type as the API shows it: its categories embedded. */
  shown(type: SageAnalysisType): SageAnalysisType & { analysis_type_categories: SageAnalysisTypeCategory[] } {
    return { ...type, analysis_type_categories: [...this.categories.values()].filter((c) => c.analysis_type.id === type.id) };
  }
}
