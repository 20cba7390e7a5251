/**
 * `vat_rate` values a ledger account takes. `any` is what Pennylane gives an account created
 * without one. The French codes and statuses are those of Pennylane's OpenAPI document (`FR_<rate
 * × 10>`, an underscore before decimals: `FR_1_05` is 1.05 %); the document also lists codes for
 * other countries (`DE_190`, ...), which a fake option (`vatRates`) can add.
 */
export const VAT_RATES: readonly string[] = [
  'any',
  'FR_09',
  'FR_1_05',
  'FR_1_75',
  'FR_21',
  'FR_40',
  'FR_50',
  'FR_55',
  'FR_60',
  'FR_65',
  'FR_85',
  'FR_92',
  'FR_100',
  'FR_130',
  'FR_15_385',
  'FR_160',
  'FR_196',
  'FR_200',
  'FR_85_construction',
  'FR_100_construction',
  'FR_200_construction',
  'exempt',
  'extracom',
  'intracom_21',
  'intracom_55',
  'intracom_85',
  'intracom_100',
  'crossborder',
  'mixed',
];
