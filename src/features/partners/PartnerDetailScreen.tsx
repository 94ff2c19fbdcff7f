/**
 * One contact: the main fields, the avatar, the company and its other contacts, and links to call,
 * write or find them on a map. Lazy-loaded: not part of the first screen's JavaScript.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type MouseEvent } from 'react';
import { errorText } from '../../ui/error-text.ts';
import { companyContactsQuery, partnerDetailQuery, partnerExtrasQuery, type PartnerDetail } from './api.ts';
import { imageDataUrl, mapUrl, mailtoUrl, telUrl, webUrl } from './links.ts';

interface Props {
  readonly id: number;
  readonly navigate: (to: string) => void;
  /** Back to where the user came from in the app (the list with its filters and scroll), else the list. */
  readonly back: () => void;
}

export default function PartnerDetailScreen({ id, navigate, back: goBack }: Props) {
  const detail = useQuery(partnerDetailQuery(id));
  const heading = useRef<HTMLHeadingElement>(null);
  const companyId = detail.data === undefined ? undefined : detail.data.isCompany ? detail.data.id : detail.data.parent?.id;
  const contacts = useQuery({ ...companyContactsQuery(companyId ?? 0), enabled: companyId !== undefined });
  // The avatar is not on the device: asked of Odoo once the rest is on screen, and simply absent offline.
  const extras = useQuery({ ...partnerExtrasQuery(id), enabled: detail.isSuccess });
  const avatar = extras.data?.avatar;

  useEffect(() => {
    if (detail.isSuccess) heading.current?.focus();
  }, [detail.isSuccess, id]);

  const go = (event: MouseEvent<HTMLAnchorElement>, to: string) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };

  const back = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    goBack();
  };

  return (
    <main className="detail">
      <a className="back" href="/" onClick={back}>
        ← Back to contacts
      </a>
      {/* The page keeps a level-one heading while the contact loads or cannot be shown. */}
      {!detail.isSuccess && <h1 className="visually-hidden">Contact</h1>}
      {detail.isPending && <p className="loading">Loading contact…</p>}
      {detail.isError && (
        <div className="error" role="alert">
          <p>{errorText(detail.error)}</p>
          <button type="button" onClick={() => void detail.refetch()}>
            Try again
          </button>
        </div>
      )}
      {detail.isSuccess && (
        // Busy while the company's contacts or the avatar are still coming.
        <article className="card" aria-busy={contacts.isFetching || extras.isFetching}>
          <header className="detail-header">
            {avatar !== undefined && <img className="avatar" src={imageDataUrl(avatar)} alt="" width={64} height={64} />}
            <div>
              <h1 ref={heading} tabIndex={-1}>
                {detail.data.name}
              </h1>
              <p className="subtitle">
                {detail.data.isCompany ? 'Company' : (detail.data.jobPosition ?? 'Individual')}
                {detail.data.parent !== undefined && (
                  <>
                    {' at '}
                    <a href={`/partners/${detail.data.parent.id}`} onClick={(e) => go(e, `/partners/${detail.data.parent?.id ?? ''}`)}>
                      {detail.data.parent.name}
                    </a>
                  </>
                )}
              </p>
            </div>
          </header>
          <Fields partner={detail.data} />
          {companyId !== undefined && (contacts.data?.filter((c) => c.id !== id).length ?? 0) > 0 && (
            <section aria-labelledby="contacts-heading">
              <h2 id="contacts-heading">{detail.data.isCompany ? 'Contacts' : 'Other contacts at the company'}</h2>
              <ul className="contacts">
                {contacts.data
                  ?.filter((c) => c.id !== id)
                  .map((c) => (
                    <li key={c.id}>
                      <a href={`/partners/${c.id}`} onClick={(e) => go(e, `/partners/${c.id}`)}>
                        {c.name}
                      </a>
                      {c.email !== undefined && <span className="muted"> · {c.email}</span>}
                    </li>
                  ))}
              </ul>
            </section>
          )}
        </article>
      )}
    </main>
  );
}

function Fields({ partner }: { partner: PartnerDetail }) {
  const address = [partner.street, partner.street2, [partner.zip, partner.city].filter(Boolean).join(' '), partner.state?.name, partner.country?.name].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  const website = partner.website === undefined ? undefined : webUrl(partner.website);
  return (
    <dl className="fields">
      {partner.email !== undefined && <Field label="Email" value={partner.email} href={mailtoUrl(partner.email)} />}
      {partner.phone !== undefined && <Field label="Phone" value={partner.phone} href={telUrl(partner.phone)} />}
      {partner.mobile !== undefined && <Field label="Mobile" value={partner.mobile} href={telUrl(partner.mobile)} />}
      {address.length > 0 && <Field label="Address" value={address.join(', ')} href={mapUrl(address)} external />}
      {partner.website !== undefined && <Field label="Website" value={partner.website} {...(website === undefined ? {} : { href: website, external: true })} />}
      {partner.vat !== undefined && <Field label="Tax ID" value={partner.vat} />}
      {partner.ref !== undefined && <Field label="Reference" value={partner.ref} />}
      {partner.writeDate !== undefined && <Field label="Last updated" value={`${partner.writeDate} UTC`} />}
    </dl>
  );
}

function Field({ label, value, href, external = false }: { label: string; value: string; href?: string | undefined; external?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {href === undefined ? (
          value
        ) : (
          <a href={href} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
            {value}
          </a>
        )}
      </dd>
    </>
  );
}
