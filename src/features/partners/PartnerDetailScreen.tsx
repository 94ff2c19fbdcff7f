/**
 * One contact: a bar of large actions (call, message, email, directions, share), the main fields,
 * the avatar, the company and its other contacts. Lazy-loaded: not part of the first screen's JavaScript.
 */
import { t } from '../../i18n/i18n.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { errorText } from '../../ui/error-text.ts';
import { followInApp } from '../../ui/in-app-link.ts';
import { localDateTime } from '../../ui/local-date.ts';
import { contactOpened, starContact } from '../../offline/device.ts';
import { companyContactsQuery, partnerDetailQuery, partnerExtrasQuery, partnerKeys, shortlistIdsQuery, type PartnerDetail } from './api.ts';
import { addressParts, contactActions, platformOf, vCard, vCardFileName } from './contact-actions.ts';
import { imageDataUrl, mapUrl, mailtoUrl, telUrl, webUrl } from './links.ts';

interface Props {
  readonly id: number;
  readonly navigate: (to: string) => void;
  /** Back to where the user came from in the app (the list with its filters and scroll), else the list. */
  readonly back: () => void;
  /** Beside the list (a wide screen): a section of the page, closed with "Close" or Esc. */
  readonly inSplit?: boolean;
}

export default function PartnerDetailScreen({ id, navigate, back: goBack, inSplit = false }: Props) {
  const detail = useQuery(partnerDetailQuery(id));
  const heading = useRef<HTMLHeadingElement>(null);
  const companyId = detail.data === undefined ? undefined : detail.data.isCompany ? detail.data.id : detail.data.parent?.id;
  const contacts = useQuery({ ...companyContactsQuery(companyId ?? 0), enabled: companyId !== undefined });
  // The avatar is not on the device: asked of Odoo once the rest is on screen, and simply absent offline.
  const extras = useQuery({ ...partnerExtrasQuery(id), enabled: detail.isSuccess });
  const avatar = extras.data?.avatar;

  // The contact's name takes the focus once it is shown — unless the user went on meanwhile to the
  // account menu or a dialog: content arriving behind them does not pull the focus away (and close the menu).
  useEffect(() => {
    if (detail.isSuccess && document.activeElement?.closest('.account, dialog[open]') == null) heading.current?.focus();
  }, [detail.isSuccess, id]);

  // Opened: first among the recent contacts (issue 15 §3). A device that cannot store it just does not.
  const queryClient = useQueryClient();
  const shortlists = useQuery(shortlistIdsQuery);
  const [starError, setStarError] = useState<string | undefined>();
  useEffect(() => {
    if (!detail.isSuccess) return;
    contactOpened(id).then(
      () => queryClient.invalidateQueries({ queryKey: partnerKeys.shortlists() }),
      () => undefined,
    );
  }, [detail.isSuccess, id, queryClient]);
  const starred = shortlists.data?.starred.includes(id) === true;
  const toggleStar = () => {
    setStarError(undefined);
    starContact(id, !starred).then(
      () => queryClient.invalidateQueries({ queryKey: partnerKeys.shortlists() }),
      (error: unknown) => setStarError(errorText(error)),
    );
  };

  const go = (event: MouseEvent<HTMLAnchorElement>, to: string) => followInApp(event, () => navigate(to));
  const back = (event: MouseEvent<HTMLAnchorElement>) => followInApp(event, goBack);

  // Beside the list, Esc closes the contact (not while a dialog of the page is open: Esc is the dialog's).
  useEffect(() => {
    if (!inSplit) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && document.querySelector('dialog[open]') === null) goBack();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [inSplit, goBack]);

  const Root = inSplit ? 'section' : 'main';
  return (
    <Root className="detail" {...(inSplit ? { 'aria-label': t('Contact') } : {})}>
      <a className="back" href="/" onClick={back}>
        {inSplit ? t('× Close') : t('← Back to contacts')}
      </a>
      {/* The page keeps a level-one heading while the contact loads or cannot be shown. */}
      {!detail.isSuccess && <h1 className="visually-hidden">{t('Contact')}</h1>}
      {detail.isPending && <p className="loading">{t('Loading contact…')}</p>}
      {detail.isError && (
        <div className="error" role="alert">
          <p>{errorText(detail.error)}</p>
          <button type="button" onClick={() => void detail.refetch()}>
            {t('Try again')}
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
                {detail.data.isCompany ? t('Company') : (detail.data.jobPosition ?? t('Individual'))}
                {detail.data.parent !== undefined && (
                  <>
                    {` ${t('at')} `}
                    <a href={`/partners/${detail.data.parent.id}`} onClick={(e) => go(e, `/partners/${detail.data.parent?.id ?? ''}`)}>
                      {detail.data.parent.name}
                    </a>
                  </>
                )}
              </p>
              <button type="button" className="star secondary" aria-pressed={starred} disabled={!shortlists.isSuccess} onClick={toggleStar}>
                <span aria-hidden="true">{starred ? '★' : '☆'}</span> {t('Star')}
              </button>
              {starError !== undefined && (
                <p className="error" role="alert">
                  {starError}
                </p>
              )}
            </div>
          </header>
          <Actions partner={detail.data} />
          <Fields partner={detail.data} />
          {companyId !== undefined && (contacts.data?.filter((c) => c.id !== id).length ?? 0) > 0 && (
            <section aria-labelledby="contacts-heading">
              <h2 id="contacts-heading">{detail.data.isCompany ? t('Contacts') : t('Other contacts at the company')}</h2>
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
    </Root>
  );
}

/** The platform's maps app for Directions: read once. */
const PLATFORM = platformOf(navigator.userAgent, navigator.maxTouchPoints);

/**
 * Large actions (at least 44 px) for what the contact has data for; the others are absent, not
 * disabled. Share uses the Web Share API (the card as a file where the browser can share files),
 * else downloads the card (a .vcf file the phone's contacts app opens).
 */
function Actions({ partner }: { partner: PartnerDetail }) {
  const actions = contactActions(partner, PLATFORM);
  const [shareError, setShareError] = useState<string | undefined>();
  async function share() {
    setShareError(undefined);
    const file = new File([vCard(partner)], vCardFileName(partner.name), { type: 'text/vcard' });
    try {
      if (typeof navigator.share === 'function') {
        if (navigator.canShare?.({ files: [file] }) === true) await navigator.share({ files: [file], title: partner.name });
        else await navigator.share({ title: partner.name, text: [partner.name, partner.phone ?? partner.mobile, partner.email].filter(Boolean).join('\n') });
        return;
      }
    } catch (error) {
      // The user closed the share sheet: nothing to say.
      if (error instanceof DOMException && error.name === 'AbortError') return;
      setShareError(t('This browser could not share the contact: its card is downloaded instead.'));
    }
    const url = URL.createObjectURL(file);
    const link = document.createElement('a');
    link.href = url;
    link.download = file.name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return (
    <>
      <nav className="actions" aria-label={t('Contact actions')}>
        {actions.call !== undefined && <Action href={actions.call} label={t('Call')} icon={<path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z" />} />}
        {actions.message !== undefined && <Action href={actions.message} label={t('Message')} icon={<path d="M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H8l-4 4V5a1 1 0 0 1 1-1z" />} />}
        {actions.email !== undefined && <Action href={actions.email} label={t('Email')} icon={<path d="M3 5h18v14H3zm2 2v.5l7 4.5 7-4.5V7z" />} />}
        {actions.directions !== undefined && (
          <Action href={actions.directions} label={t('Directions')} external icon={<path d="M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z" />} />
        )}
        <button type="button" className="action" onClick={() => void share()}>
          <Icon>
            <path d="M18 16a3 3 0 0 0-2.4 1.2l-6.7-3.4a3 3 0 0 0 0-1.6l6.7-3.4A3 3 0 1 0 15 7l-6.7 3.4a3 3 0 1 0 0 3.2L15 17a3 3 0 1 0 3-1z" />
          </Icon>
          {t('Share')}
        </button>
      </nav>
      {shareError !== undefined && (
        <p className="notice" role="status">
          {shareError}
        </p>
      )}
    </>
  );
}

function Action({ href, label, icon, external = false }: { href: string; label: string; icon: ReactNode; external?: boolean }) {
  return (
    <a className="action" href={href} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
      <Icon>{icon}</Icon>
      {label}
    </a>
  );
}

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="action-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

function Fields({ partner }: { partner: PartnerDetail }) {
  const address = addressParts(partner);
  const website = partner.website === undefined ? undefined : webUrl(partner.website);
  return (
    <dl className="fields">
      {partner.email !== undefined && <Field label={t('Email')} value={partner.email} href={mailtoUrl(partner.email)} />}
      {partner.phone !== undefined && <Field label={t('Phone')} value={partner.phone} href={telUrl(partner.phone)} />}
      {partner.mobile !== undefined && <Field label={t('Mobile')} value={partner.mobile} href={telUrl(partner.mobile)} />}
      {address.length > 0 && <Field label={t('Address')} value={address.join(', ')} href={mapUrl(address)} external />}
      {partner.website !== undefined && <Field label={t('Website')} value={partner.website} {...(website === undefined ? {} : { href: website, external: true })} />}
      {partner.vat !== undefined && <Field label={t('Tax ID')} value={partner.vat} />}
      {partner.ref !== undefined && <Field label={t('Reference')} value={partner.ref} />}
      {partner.writeDate !== undefined && <Field label={t('Last updated')} value={localDateTime(partner.writeDate)} />}
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
