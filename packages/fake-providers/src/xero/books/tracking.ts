import { randomUUID } from 'node:crypto';

export type TrackingStatus = 'ACTIVE' | 'ARCHIVED' | 'DELETED';

/** A TrackingOption as Xero answers it. */
export interface XeroTrackingOption {
  TrackingOptionID: string;
  Name: string;
  Status: TrackingStatus;
  HasValidationErrors: boolean;
  IsDeleted: boolean;
  IsArchived: boolean;
  IsActive: boolean;
}

/** A TrackingCategory as Xero answers it, with its options. */
export interface XeroTrackingCategory {
  TrackingCategoryID: string;
  Name: string;
  Status: TrackingStatus;
  Options: XeroTrackingOption[];
}

/** An option's status and the three flags Xero answers beside it (OpenAPI TrackingOptions examples). */
export function optionStatus(status: TrackingStatus): Pick<XeroTrackingOption, 'Status' | 'IsDeleted' | 'IsArchived' | 'IsActive'> {
  return { Status: status, IsDeleted: status === 'DELETED', IsArchived: status === 'ARCHIVED', IsActive: status === 'ACTIVE' };
}

function option(Name: string): XeroTrackingOption {
  return { TrackingOptionID: randomUUID(), Name, HasValidationErrors: false, ...optionStatus('ACTIVE') };
}

/**
 * The fake's tracking categories: Xero lets an organisation have two active ones (NOTES.md). A new
 * organisation has none until someone adds them; the fake's come with options, so a pull has a
 * category and its options to read.
 */
export function defaultTrackingCategories(): XeroTrackingCategory[] {
  return [
    {
      TrackingCategoryID: randomUUID(),
      Name: 'Region',
      Status: 'ACTIVE',
      Options: ['Eastside', 'North', 'South', 'West Coast'].map(option),
    },
    { TrackingCategoryID: randomUUID(), Name: 'Department', Status: 'ACTIVE', Options: ['Sales', 'Operations'].map(option) },
  ];
}
