/**
 * The app's install offer (app/install-offer.ts decides when): one quiet line under the status,
 * with "Install" (the browser's own dialog) or, on iOS, how to add the app to the home screen; and
 * "Not now". Loaded only when it is shown.
 */
interface Props {
  readonly kind: 'prompt' | 'ios-howto';
  readonly onInstall: () => void;
  readonly onDismiss: () => void;
}

export default function InstallBanner({ kind, onInstall, onDismiss }: Props) {
  return (
    <aside className="install-offer" aria-label="Install Fieldbook">
      <p>
        {kind === 'prompt'
          ? 'Install Fieldbook on this device: it opens like an app, with your contacts, offline too.'
          : 'To keep Fieldbook on this iPhone or iPad: tap Share, then “Add to Home Screen”.'}
      </p>
      <div className="install-buttons">
        {kind === 'prompt' && (
          <button type="button" onClick={onInstall}>
            Install
          </button>
        )}
        <button type="button" className="secondary" onClick={onDismiss}>
          Not now
        </button>
      </div>
    </aside>
  );
}
