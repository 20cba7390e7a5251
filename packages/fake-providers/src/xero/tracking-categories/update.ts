import type { FastifyRequest } from 'fastify';
import { mediaType, rawBody } from '../../shared/http.js';
import { notFound, postDataInvalid, recordsAnswer, unsupportedMediaType, validationException } from '../answers.js';
import type { XeroAnswer } from '../answers.js';
import { optionStatus, type TrackingStatus, type XeroTrackingCategory } from '../books/tracking.js';
import type { HandlerContext } from '../routes.js';

const MAX_NAME = 100;

/** A TrackingCategory or TrackingOption update body: Name and Status, as the OpenAPI schemas have them. */
function parseUpdate(req: FastifyRequest): { Name?: string; Status?: TrackingStatus } | XeroAnswer {
  let body: unknown;
  try {
    body = JSON.parse(rawBody(req) ?? '');
  } catch (error) {
    return postDataInvalid(`Unexpected character encountered while parsing value: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return postDataInvalid('The request body is not an object.');
  const { Name, Status } = body as Record<string, unknown>;
  if (Name !== undefined && typeof Name !== 'string') return postDataInvalid('Name is not a string.');
  if (Status !== undefined && Status !== 'ACTIVE' && Status !== 'ARCHIVED') {
    // DELETED is what a DELETE does; the schema's enum has no other value.
    return postDataInvalid(`Error converting value ${JSON.stringify(Status)} to type 'Status'.`);
  }
  return { ...(Name !== undefined ? { Name } : {}), ...(Status !== undefined ? { Status } : {}) };
}

function refusedName(name: string | undefined, siblings: { Name: string }[], what: string): string[] {
  if (name === undefined) return [];
  if (name.trim() === '') return [`${what} Name is required.`];
  if (name.length > MAX_NAME) return [`${what} Name must be ${MAX_NAME} characters or less.`];
  const key = name.trim().toLowerCase();
  return siblings.some((s) => s.Name.trim().toLowerCase() === key) ? [`A ${what} with the name ${name} already exists.`] : [];
}

/**
 * `POST /TrackingCategories/{id}/Options/{optionId}` (updateTrackingOptions): rename an option, or
 * archive (or restore) it with its Status. Xero answers the option under `Options`. The docs give no
 * wording for a refused name: the fake's is its own.
 */
export function updateOption(req: FastifyRequest, context: HandlerContext, categories: XeroTrackingCategory[]): XeroAnswer {
  const { TrackingCategoryID, TrackingOptionID } = req.params as { TrackingCategoryID?: string; TrackingOptionID?: string };
  const category = categories.find((c) => c.TrackingCategoryID === TrackingCategoryID?.toLowerCase());
  const option = category?.Options.find((o) => o.TrackingOptionID === TrackingOptionID?.toLowerCase());
  if (!category || !option) return notFound();
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type'], context.instance);
  const update = parseUpdate(req);
  if ('status' in update) return update;
  const others = category.Options.filter((o) => o !== option);
  const messages = refusedName(update.Name, others, 'Tracking Option');
  if (messages.length > 0) return validationException([{ type: 'TrackingOption', element: { ...update, TrackingOptionID: option.TrackingOptionID }, messages }]);
  if (update.Name !== undefined) option.Name = update.Name.trim();
  if (update.Status !== undefined) Object.assign(option, optionStatus(update.Status));
  return recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'Options', 'Option', [{ ...option }]);
}

/** `DELETE /TrackingCategories/{id}/Options/{optionId}` (deleteTrackingOptions): answered DELETED, then gone. */
export function deleteOption(req: FastifyRequest, context: HandlerContext, categories: XeroTrackingCategory[]): XeroAnswer {
  const { TrackingCategoryID, TrackingOptionID } = req.params as { TrackingCategoryID?: string; TrackingOptionID?: string };
  const category = categories.find((c) => c.TrackingCategoryID === TrackingCategoryID?.toLowerCase());
  const option = category?.Options.find((o) => o.TrackingOptionID === TrackingOptionID?.toLowerCase());
  if (!category || !option) return notFound();
  category.Options = category.Options.filter((o) => o !== option);
  const deleted = { ...option, ...optionStatus('DELETED') };
  return recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'Options', 'Option', [deleted]);
}

/** `POST /TrackingCategories/{id}` (updateTrackingCategory): rename, archive or restore a category. */
export function updateCategory(req: FastifyRequest, context: HandlerContext, categories: XeroTrackingCategory[]): XeroAnswer {
  const { TrackingCategoryID } = req.params as { TrackingCategoryID?: string };
  const category = categories.find((c) => c.TrackingCategoryID === TrackingCategoryID?.toLowerCase());
  if (!category) return notFound();
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type'], context.instance);
  const update = parseUpdate(req);
  if ('status' in update) return update;
  const messages = refusedName(
    update.Name,
    categories.filter((c) => c !== category),
    'Tracking Category',
  );
  if (messages.length > 0) {
    return validationException([{ type: 'TrackingCategory', element: { ...update, TrackingCategoryID: category.TrackingCategoryID }, messages }]);
  }
  if (update.Name !== undefined) category.Name = update.Name.trim();
  if (update.Status !== undefined) category.Status = update.Status;
  return recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'TrackingCategories', 'TrackingCategory', [structuredClone(category)]);
}
