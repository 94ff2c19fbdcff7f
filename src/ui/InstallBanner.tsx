/**
 * The app's install offer (app/install-offer.ts decides when): one quiet line under the status,
 * with "Install" (the browser's own dialog) or, on iOS, how to add the app to the home screen; and
 * "Not now". Loaded only when it is shown.
 */
import { t } from '../i18n/i18n.ts';
interface Props {
  readonly kind: 'prompt' | 'ios-howto';
  readonly onInstall: () => void;
  readonly onDismiss: () => void;
}

export default function InstallBanner({ kind, onInstall, onDismiss }: Props) {
  return (
    <aside className="install-offer" aria-label={t('Install Fieldbook')}>
      <p>
        {kind === 'prompt'
          ? t('Install Fieldbook on this device: it opens like an app, with your contacts, offline too.')
          : t('To keep Fieldbook on this iPhone or iPad: tap Share, then “Add to Home Screen”.')}
      </p>
      <div className="install-buttons">
        {kind === 'prompt' && (
          <button type="button" onClick={onInstall}>
            {t('Install')}
          </button>
        )}
        <button type="button" className="secondary" onClick={onDismiss}>
          {t('Not now')}
        </button>
      </div>
    </aside>
  );
}
