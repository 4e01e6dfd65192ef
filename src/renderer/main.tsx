import { createRoot } from 'react-dom/client';

// The smallest renderer that builds; the dashboard replaces it.
const root = document.getElementById('root');
if (root) createRoot(root).render(<main data-ready="true">Gantry</main>);
