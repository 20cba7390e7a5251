/**
 * The analysis types a new UK business has (Sage's help, "Analysis types": transaction analysis
 * Department, Cost centre, Project; group analysis by customer, supplier and product), each with
 * three categories to rename ("amend the code and name of the first category ... To add more than
 * three categories"). The categories' codes and names, the levels' and areas' words are the fake's (?).
 */
export interface DefaultAnalysisType {
  name: string;
  level: 'transaction' | 'group';
  activeAreas: string[];
  categoryPrefix: string;
}

export const UK_ANALYSIS_TYPES: readonly DefaultAnalysisType[] = [
  { name: 'Department', level: 'transaction', activeAreas: ['sales', 'purchasing', 'banking', 'journals'], categoryPrefix: 'Department' },
  { name: 'Cost centre', level: 'transaction', activeAreas: ['sales', 'purchasing', 'banking', 'journals'], categoryPrefix: 'Cost centre' },
  { name: 'Project', level: 'transaction', activeAreas: ['sales', 'purchasing', 'banking', 'journals'], categoryPrefix: 'Project' },
  { name: 'Customer group', level: 'group', activeAreas: ['customers'], categoryPrefix: 'Customer group' },
  { name: 'Supplier group', level: 'group', activeAreas: ['suppliers'], categoryPrefix: 'Supplier group' },
  { name: 'Product group', level: 'group', activeAreas: ['products_and_services'], categoryPrefix: 'Product group' },
];
