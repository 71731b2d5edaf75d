import { Link } from '../components/link.js';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no dashboard page here. <Link to={{ page: 'contents' }}>Go to your contents</Link>.
      </p>
    </section>
  );
}
