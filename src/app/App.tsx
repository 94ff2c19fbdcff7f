/** Placeholder shell until the session-login PWA lands: it proves the one-origin server serves the build. */
export function App() {
  return (
    <main>
      <h1>Fieldbook</h1>
      <p>Your Odoo contacts, offline. The app is being built; the demo Odoo backend is running on this origin.</p>
    </main>
  );
}
