import { Link } from '../components/link.js';
import { CascadeView } from './cascade-view.js';

// The cascade tree page (loaded only when opened: see pages/page-for.tsx).
export function TreePage({ contentId, root }: { contentId: string; root: string | undefined }) {
  return (
    <section>
      <p class="muted">
        <Link to={{ page: 'content', contentId }}>← Content {contentId}</Link>
      </p>
      <h1>Cascade tree</h1>
      <CascadeView contentId={contentId} root={root} />
    </section>
  );
}
