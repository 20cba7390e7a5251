/**
 * Intuit's AccountType → AccountSubType table (Account entity reference, minor version ≥ 13).
 * The first subtype listed for a type is the one QuickBooks assigns when the request omits it.
 */

export type Classification = 'Asset' | 'Liability' | 'Equity' | 'Revenue' | 'Expense';

export interface AccountTypeInfo {
  /** Absent for Non-Posting accounts: Intuit documents Classification as unsupported there. */
  classification: Classification | undefined;
  /** Balance-sheet accounts are the only ones an opening balance means anything for. */
  balanceSheet: boolean;
  defaultSubType: string | undefined;
  subTypes: ReadonlySet<string>;
}

function entry(classification: Classification | undefined, defaultSubType: string | undefined, others: string[]): AccountTypeInfo {
  const subTypes = new Set(defaultSubType === undefined ? others : [defaultSubType, ...others]);
  const balanceSheet = classification === 'Asset' || classification === 'Liability' || classification === 'Equity';
  return { classification, balanceSheet, defaultSubType, subTypes };
}

// Intuit's reference spells a few values differently from its own SDK enums
// (OtherEarMarkedBankAccounts / OtherEarmarkedBankAccounts, ...): both spellings are accepted.
const TABLE: Record<string, AccountTypeInfo> = {
  Bank: entry('Asset', 'CashOnHand', [
    'Checking', 'MoneyMarket', 'RentsHeldInTrust', 'Savings', 'TrustAccounts', 'CashAndCashEquivalents',
    'OtherEarMarkedBankAccounts', 'OtherEarmarkedBankAccounts',
  ]),
  'Accounts Receivable': entry('Asset', 'AccountsReceivable', []),
  'Other Current Asset': entry('Asset', 'EmployeeCashAdvances', [
    'AllowanceForBadDebts', 'DevelopmentCosts', 'OtherCurrentAssets', 'Inventory', 'Investment_MortgageRealEstateLoans',
    'Investment_Other', 'Investment_TaxExemptSecurities', 'Investment_USGovernmentObligations', 'LoansToOfficers',
    'LoansToOthers', 'LoansToStockholders', 'PrepaidExpenses', 'Retainage', 'UndepositedFunds', 'AssetsAvailableForSale',
    'BalWithGovtAuthorities', 'CalledUpShareCapitalNotPaid', 'ExpenditureAuthorisationsAndLettersOfCredit',
    'GlobalTaxDeferred', 'GlobalTaxRefund', 'InternalTransfers', 'OtherConsumables', 'ProvisionsCurrentAssets',
    'ShortTermInvestmentsInRelatedParties', 'ShortTermLoansAndAdvancesToRelatedParties', 'TradeAndOtherReceivables',
  ]),
  'Fixed Asset': entry('Asset', 'FurnitureAndFixtures', [
    'AccumulatedDepletion', 'AccumulatedDepreciation', 'DepletableAssets', 'FixedAssetComputers', 'FixedAssetCopiers',
    'FixedAssetFurniture', 'FixedAssetPhone', 'FixedAssetPhotoVideo', 'FixedAssetSoftware', 'FixedAssetOtherToolsEquipment',
    'Land', 'LeaseholdImprovements', 'OtherFixedAssets', 'AccumulatedAmortization', 'Buildings', 'IntangibleAssets',
    'MachineryAndEquipment', 'Vehicles', 'AssetsInCourseOfConstruction', 'CapitalWip',
    'CumulativeDepreciationOnIntangibleAssets', 'IntangibleAssetsUnderDevelopment', 'LandAsset', 'NonCurrentAssets',
    'ParticipatingInterests', 'ProvisionsFixedAssets',
  ]),
  'Other Asset': entry('Asset', 'Licenses', [
    'LeaseBuyout', 'OtherLongTermAssets', 'SecurityDeposits', 'AccumulatedAmortizationOfOtherAssets', 'Goodwill',
    'OrganizationalCosts', 'AssetsHeldForSale', 'AvailableForSaleFinancialAssets', 'DeferredTax', 'Investments',
    'LongTermInvestments', 'LongTermLoansAndAdvancesToRelatedParties', 'OtherIntangibleAssets', 'OtherLongTermInvestments',
    'OtherLongTermLoansAndAdvances', 'PrepaymentsAndAccruedIncome', 'ProvisionsNonCurrentAssets',
  ]),
  'Accounts Payable': entry('Liability', 'AccountsPayable', [
    'OutstandingDuesMicroSmallEnterprise', 'OutstandingDuesOtherThanMicroSmallEnterprise',
  ]),
  'Credit Card': entry('Liability', 'CreditCard', []),
  'Other Current Liability': entry('Liability', 'OtherCurrentLiabilities', [
    'DirectDepositPayable', 'LineOfCredit', 'LoanPayable', 'GlobalTaxPayable', 'GlobalTaxSuspense', 'PayrollClearing',
    'PayrollTaxPayable', 'PrepaidExpensesPayable', 'RentsInTrustLiability', 'TrustAccountsLiabilities',
    'FederalIncomeTaxPayable', 'InsurancePayable', 'SalesTaxPayable', 'StateLocalIncomeTaxPayable', 'AccruedLiabilities',
    'CurrentLiabilities', 'CurrentPortionEmployeeBenefitsObligations', 'CurrentPortionOfObligationsUnderFinanceLeases',
    'CurrentTaxLiability', 'DividendsPayable', 'DutiesAndTaxes', 'InterestPayables', 'ProvisionForWarrantyObligations',
    'ProvisionsCurrentLiabilities', 'ShortTermBorrowings', 'SocialSecurityAgencies', 'StaffAndRelatedLiabilityAccounts',
    'SundryDebtorsAndCreditors', 'TradeAndOtherPayables',
  ]),
  'Long Term Liability': entry('Liability', 'NotesPayable', [
    'OtherLongTermLiabilities', 'ShareholderNotesPayable', 'AccrualsAndDeferredIncome', 'AccruedLongLermLiabilities',
    'AccruedVacationPayable', 'BankLoans', 'DebtsRelatedToParticipatingInterests', 'DeferredTaxLiabilities',
    'GovernmentAndOtherPublicAuthorities', 'GroupAndAssociates', 'LiabilitiesRelatedToAssetsHeldForSale',
    'LongTermBorrowings', 'LongTermDebit', 'LongTermEmployeeBenefitObligations', 'ObligationsUnderFinanceLeases',
    'OtherLongTermProvisions', 'ProvisionForLiabilities', 'ProvisionsNonCurrentLiabilities',
    'StaffAndRelatedLongTermLiabilityAccounts',
  ]),
  Equity: entry('Equity', 'OpeningBalanceEquity', [
    'PartnersEquity', 'RetainedEarnings', 'AccumulatedAdjustment', 'OwnersEquity', 'PaidInCapitalOrSurplus',
    'PartnerContributions', 'PartnerDistributions', 'PreferredStock', 'CommonStock', 'TreasuryStock', 'EstimatedTaxes',
    'Healthcare', 'PersonalIncome', 'PersonalExpense', 'AccumulatedOtherComprehensiveIncome', 'CalledUpShareCapital',
    'CapitalReserves', 'DividendDisbursed', 'EquityInEarningsOfSubsiduaries', 'InvestmentGrants',
    'MoneyReceivedAgainstShareWarrants', 'OtherFreeReserves', 'ShareApplicationMoneyPendingAllotment', 'ShareCapital',
    'Funds',
  ]),
  Income: entry('Revenue', 'OtherPrimaryIncome', [
    'NonProfitIncome', 'SalesOfProductIncome', 'ServiceFeeIncome', 'DiscountsRefundsGiven', 'UnappliedCashPaymentIncome',
    'CashReceiptIncome', 'OperatingGrants', 'OtherCurrentOperatingIncome', 'OwnWorkCapitalized', 'RevenueGeneral',
    'SalesRetail', 'SalesWholesale', 'SavingsByTaxScheme',
  ]),
  'Other Income': entry('Revenue', 'OtherInvestmentIncome', [
    'DividendIncome', 'InterestEarned', 'OtherMiscellaneousIncome', 'TaxExemptInterest', 'GainLossOnSaleOfFixedAssets',
    'GainLossOnSaleOfInvestments', 'LossOnDisposalOfAssets', 'OtherOperatingIncome', 'UnrealisedLossOnSecuritiesNetOfTax',
  ]),
  'Cost of Goods Sold': entry('Expense', 'CostOfLaborCos', [
    'EquipmentRentalCos', 'OtherCostsOfServiceCos', 'ShippingFreightDeliveryCos', 'SuppliesMaterialsCogs', 'CostOfSales',
    'FreightAndDeliveryCost', 'FreightAndDeliveryCos',
  ]),
  Expense: entry('Expense', 'Travel', [
    'AdvertisingPromotional', 'BadDebts', 'BankCharges', 'CharitableContributions', 'CommissionsAndFees', 'Entertainment',
    'EntertainmentMeals', 'EquipmentRental', 'FinanceCosts', 'GlobalTaxExpense', 'Insurance', 'InterestPaid',
    'LegalProfessionalFees', 'OfficeExpenses', 'OfficeGeneralAdministrativeExpenses', 'OtherBusinessExpenses',
    'OtherMiscellaneousServiceCost', 'PromotionalMeals', 'RentOrLeaseOfBuildings', 'RepairMaintenance',
    'ShippingFreightDelivery', 'SuppliesMaterials', 'TravelMeals', 'Utilities', 'Auto', 'CostOfLabor',
    'DuesSubscriptions', 'PayrollExpenses', 'TaxesPaid', 'UnappliedCashBillPaymentExpense', 'AmortizationExpense',
    'AppropriationsToDepreciation', 'BorrowingCost', 'DistributionCosts', 'ExternalServices', 'ExtraordinaryCharges',
    'IncomeTaxExpense', 'LossOnDiscontinuedOperationsNetOfTax', 'ManagementCompensation', 'OtherCurrentOperatingCharges',
    'OtherExternalServices', 'OtherRentalCosts', 'OtherSellingExpenses', 'ProjectStudiesSurveysAssessments',
    'PurchasesRebates', 'ShippingAndDeliveryExpense', 'StaffCosts', 'Sundry', 'TravelExpensesGeneralAndAdminExpenses',
    'TravelExpensesSellingExpense',
  ]),
  'Other Expense': entry('Expense', 'Depreciation', [
    'ExchangeGainOrLoss', 'OtherMiscellaneousExpense', 'PenaltiesSettlements', 'Amortization', 'GasAndFuel', 'HomeOffice',
    'HomeOwnerRentalInsurance', 'HomeownerRentalInsurance', 'OtherHomeOfficeExpenses', 'MortgageInterest', 'RentAndLease',
    'RepairsAndMaintenance', 'ParkingAndTolls', 'Vehicle', 'VehicleInsurance', 'VehicleLease', 'VehicleLoanInterest',
    'VehicleLoan', 'VehicleRegistration', 'VehicleRepairs', 'OtherVehicleExpenses', 'Utilities', 'WashAndRoadServices',
    'DeferredTaxExpense', 'Depletion', 'ExceptionalItems', 'ExtraordinaryItems', 'IncomeTaxOtherExpense', 'MatCredit',
    'PriorPeriodItems', 'TaxRoundoffGainOrLoss',
  ]),
  // Intuit lists no subtypes for Non-Posting accounts (estimates, purchase orders).
  'Non-Posting': entry(undefined, undefined, []),
};

/** The 16 AccountType values, spelled as QuickBooks spells them (with spaces). */
export const ACCOUNT_TYPES: readonly string[] = Object.keys(TABLE);

/** Facts about an AccountType, or undefined when QuickBooks would not recognise it. */
export function accountTypeInfo(accountType: string): AccountTypeInfo | undefined {
  return Object.hasOwn(TABLE, accountType) ? TABLE[accountType] : undefined;
}

/**
 * The AccountType QuickBooks infers when only AccountSubType is sent (Intuit: AccountType is
 * "required if AccountSubType is not specified"). A subtype listed under two types resolves to the first.
 */
export function accountTypeForSubType(subType: string): string | undefined {
  for (const type of ACCOUNT_TYPES) {
    if (TABLE[type]?.subTypes.has(subType)) return type;
  }
  return undefined;
}
