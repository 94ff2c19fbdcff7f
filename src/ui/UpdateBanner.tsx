import { t } from '../i18n/i18n.ts';

/** "A new version is ready": offered, never forced; the user reloads when their work allows. */
export function UpdateBanner({ activating, onReload }: { activating: boolean; onReload: () => void }) {
  return (
    <div className="update-banner" role="status" data-snapshot="skip">
      <span>{t('Update available')}</span>
      <button type="button" onClick={onReload} disabled={activating}>
        {activating ? t('Reloading…') : t('Reload')}
      </button>
    </div>
  );
}
