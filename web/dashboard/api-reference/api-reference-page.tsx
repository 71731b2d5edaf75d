import { fetchOpenApiDocument } from '../api/client.js';
import { ResourceView } from '../components/resource-view.js';
import { useResource } from '../hooks/use-resource.js';
import { InlineText, Paragraphs } from './inline-text.js';
import { type OpenApiDocument, operationsByTag, webhooksOf } from './openapi-document.js';
import { OperationView } from './operation-view.js';

// The API reference (/app/api): the stack's own description of itself (GET /v1/openapi.json),
// every operation under its tag, then the webhooks Ripple sends. Loaded only when opened.
export function ApiReferencePage({ documentUrl, load = fetchOpenApiDocument }: { documentUrl: string; load?: (url: string) => Promise<OpenApiDocument> }) {
  const document = useResource(() => load(documentUrl), [documentUrl]);
  return (
    <section class="api-reference">
      <ResourceView resource={document} label="the API reference">
        {(loaded) => <Reference document={loaded} documentUrl={documentUrl} />}
      </ResourceView>
    </section>
  );
}

function Reference({ document, documentUrl }: { document: OpenApiDocument; documentUrl: string }) {
  const groups = operationsByTag(document);
  const webhooks = webhooksOf(document);
  return (
    <>
      <h1>
        {document.info.title} <span class="muted">{document.info.version}</span>
      </h1>
      <Paragraphs text={document.info.description} />
      <p class="muted">
        OpenAPI {document.openapi}: <a href={documentUrl}>openapi.json</a>
      </p>
      <nav class="api-contents" aria-label="API sections">
        <ul>
          {groups.map((group) => (
            <li key={group.name}>
              <a href={`#tag-${slug(group.name)}`}>{group.name}</a>
            </li>
          ))}
          {webhooks.length > 0 && (
            <li>
              <a href="#webhooks">Webhooks Ripple sends</a>
            </li>
          )}
        </ul>
      </nav>
      {groups.map((group) => (
        <section class="tag" key={group.name} id={`tag-${slug(group.name)}`}>
          <h2>{group.name}</h2>
          {group.description && (
            <p class="muted">
              <InlineText text={group.description} />
            </p>
          )}
          {group.operations.map((entry) => (
            <OperationView key={entry.anchor} document={document} entry={entry} />
          ))}
        </section>
      ))}
      {webhooks.length > 0 && (
        <section class="tag" id="webhooks">
          <h2>Webhooks Ripple sends</h2>
          <p class="muted">POSTed to a subscription’s URL, signed per Standard Webhooks.</p>
          {webhooks.map((entry) => (
            <OperationView key={entry.anchor} document={document} entry={entry} />
          ))}
        </section>
      )}
    </>
  );
}

const slug = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '-');
