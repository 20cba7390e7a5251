import { escapeXml } from '../faults.js';

/** An Account as QuickBooks writes it in XML (its answer to a client that does not ask for JSON). */
export function accountXml(account: Record<string, unknown>): string {
  const parts: string[] = [];
  const text = (name: string, value: unknown) => {
    if (value !== undefined) parts.push(`<${name}>${escapeXml(String(value))}</${name}>`);
  };
  text('Id', account.Id);
  text('SyncToken', account.SyncToken);
  const meta = account.MetaData as { CreateTime: string; LastUpdatedTime: string } | undefined;
  if (meta) parts.push(`<MetaData><CreateTime>${meta.CreateTime}</CreateTime><LastUpdatedTime>${meta.LastUpdatedTime}</LastUpdatedTime></MetaData>`);
  for (const name of ['Name', 'SubAccount']) text(name, account[name]);
  const parent = account.ParentRef as { value: string } | undefined;
  if (parent) text('ParentRef', parent.value);
  for (const name of ['FullyQualifiedName', 'Active', 'Classification', 'AccountType', 'AccountSubType', 'AcctNum', 'Description', 'CurrentBalance', 'CurrentBalanceWithSubAccounts']) {
    text(name, account[name]);
  }
  const currency = account.CurrencyRef as { value: string; name: string } | undefined;
  if (currency) parts.push(`<CurrencyRef name="${escapeXml(currency.name)}">${escapeXml(currency.value)}</CurrencyRef>`);
  return `<Account domain="QBO" sparse="false">${parts.join('')}</Account>`;
}
