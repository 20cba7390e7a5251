import { json } from '../answers.js';
import { API_PATH } from '../routes.js';
import type { PennylaneObject } from '../routes.js';

/** What `GET /me` says of a company beside its id. */
export interface PennylaneCompanySettings {
  name: string;
  /** The SIREN, nine digits, an integer in Pennylane's example. */
  reg_no: number;
}

export const DEFAULT_COMPANY: PennylaneCompanySettings = { name: 'Pennylane', reg_no: 123456789 };

/**
 * `GET /me` (User profile): the user and the company of the token, with "any valid access token,
 * regardless of its scopes" (changelog, V2 - New User Profile endpoint).
 */
export function pennylaneMe(company: PennylaneCompanySettings): PennylaneObject {
  return {
    register(app, { api }) {
      app.get(
        `${API_PATH}/me`,
        api(
          (_req, context) =>
            json(200, {
              user: { id: 12345, first_name: 'John', last_name: 'Doe', email: 'jdoe@pennylane.com', locale: 'fr' },
              company: { id: Number(context.companyId), name: company.name, reg_no: company.reg_no },
            }),
          null,
        ),
      );
    },
    reset: () => {},
  };
}
