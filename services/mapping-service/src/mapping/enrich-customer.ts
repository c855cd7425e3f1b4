import { normalizeAddress, normalizePhone, parseDocument } from '@gv/brazil';
import type { Customer, GuruContact } from '@gv/contracts';
import { invalid, type Invalid, type MappingWarning } from './mapping-decision';

const NAME_MAX = 255;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Step 5: the Vhsys customer from Guru's `contact`:
 * - document: `contact.doc` without punctuation, letters upper-cased (parseDocument): 11 digits =
 *   CPF (PF), 14 characters = CNPJ (PJ, numeric or alphanumeric), check digits validated; missing
 *   or invalid → Invalid on `transaction.contact.doc`;
 * - name: for a CNPJ the `company_name` when given, else `name`; missing → Invalid; cut to 255;
 * - email: trimmed, lower case; null (with a warning) when it does not look like an address;
 * - phone: area code + number, digits (see normalizePhone); null (with a warning) when unusable;
 * - address: street, number (S/N when empty), complement, district, city, UF, CEP; null (with a
 *   warning naming what is missing) unless street, city, UF and CEP are all usable.
 */
export function enrichCustomer(contact: GuruContact): { ok: true; customer: Customer; warnings: MappingWarning[] } | Invalid {
  const document = parseDocument(contact.doc);
  if (!document.ok) return invalid('transaction.contact.doc', document.reason);

  const name = (document.tipoPessoa === 'PJ' ? contact.company_name ?? contact.name : contact.name ?? contact.company_name)?.replace(/\s+/g, ' ').trim();
  if (!name) return invalid('transaction.contact.name', 'missing buyer name');

  const warnings: MappingWarning[] = [];
  const emailText = contact.email?.trim().toLowerCase() ?? null;
  // Length first: the pattern backtracks quadratically on long inputs without a second "@".
  const email = emailText !== null && emailText.length <= 255 && EMAIL.test(emailText) ? emailText : null;
  if (emailText !== null && email === null) warnings.push({ code: 'customer_email_unusable', detail: `contact.email "${emailText}" is not an e-mail address` });

  const phone = normalizePhone(contact.phone_local_code, contact.phone_number);
  if (phone === null && contact.phone_number) warnings.push({ code: 'customer_phone_unusable', detail: `contact.phone_number "${contact.phone_number}" has no usable Brazilian area code and number` });

  const address = normalizeAddress({
    street: contact.address,
    number: contact.address_number,
    complement: contact.address_comp,
    district: contact.address_district,
    city: contact.address_city,
    state: contact.address_state,
    stateFullName: contact.address_state_full_name,
    zipCode: contact.address_zip_code,
  });
  if (!address.ok) warnings.push({ code: 'customer_address_incomplete', detail: `address missing or unusable: ${address.missing.join(', ')}` });

  return {
    ok: true,
    customer: {
      tipoPessoa: document.tipoPessoa,
      document: document.document,
      name: name.slice(0, NAME_MAX),
      email,
      phone,
      address: address.ok ? address.address : null,
    },
    warnings,
  };
}
