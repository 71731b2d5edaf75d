import { Link } from '../components/link.js';
import { useDashboard } from '../context.js';
import { useResource } from '../hooks/use-resource.js';
import { CascadeView } from './cascade-view.js';

// The cascade tree page (loaded only when opened: see pages/page-for.tsx). The way back names the
// content by its title (or URL) once known, by its id until then.
export function TreePage({ contentId, root }: { contentId: string; root: string | undefined }) {
  const { client } = useDashboard();
  const content = useResource(() => client.getContent(contentId), [contentId]);
  const name = content.value ? (content.value.title ?? content.value.url) : contentId;
  return (
    <section>
      <p class="muted">
        <Link to={{ page: 'content', contentId }}>← {name}</Link>
      </p>
      <h1>Cascade tree</h1>
      <CascadeView contentId={contentId} root={root} />
    </section>
  );
}
