import { Fragment } from 'preact';
import { Disclosure } from './disclosure.js';
import { InlineText, Paragraphs } from './inline-text.js';
import {
  constraintsOf,
  errorCodesOf,
  type MediaType,
  type OpenApiDocument,
  type OperationEntry,
  resolve,
  type ResponseObject,
  typeLabel,
} from './openapi-document.js';
import { SchemaView } from './schema-view.js';

// One operation (or webhook): what to send, who may, and every answer with its examples.
export function OperationView({ document, entry }: { document: OpenApiDocument; entry: OperationEntry }) {
  const { method, path, operation } = entry;
  return (
    <article class="operation" id={entry.anchor} data-operation-id={operation.operationId}>
      <h3>
        <span class={`method method-${method}`}>{method.toUpperCase()}</span> <code class="path">{path}</code>
      </h3>
      {operation.summary && <p class="summary">{operation.summary}</p>}
      <Paragraphs text={operation.description} />
      <Auth document={document} security={operation.security} />
      {operation.parameters && operation.parameters.length > 0 && (
        <>
          <h4>Parameters</h4>
          <table class="parameters">
            <thead>
              <tr>
                <th>name</th>
                <th>in</th>
                <th>type</th>
                <th>description</th>
              </tr>
            </thead>
            <tbody>
              {operation.parameters.map((parameter) => (
                <tr key={`${parameter.in} ${parameter.name}`}>
                  <td>
                    <code>{parameter.name}</code>
                    {parameter.required && (
                      <span class="required" title="required">
                        *
                      </span>
                    )}
                  </td>
                  <td>{parameter.in}</td>
                  <td>
                    <code class="type">{typeLabel(parameter.schema)}</code>
                    {constraintsOf(parameter.schema).length > 0 && <span class="limits"> {constraintsOf(parameter.schema).join(', ')}</span>}
                  </td>
                  <td>
                    <InlineText text={parameter.description} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {operation.requestBody && (
        <>
          <h4>Request body{operation.requestBody.required ? '' : ' (optional)'}</h4>
          <Paragraphs text={operation.requestBody.description} />
          {Object.entries(operation.requestBody.content).map(([type, media]) => (
            <Media key={type} document={document} type={type} media={media} />
          ))}
        </>
      )}
      <h4>Responses</h4>
      {Object.entries(operation.responses).map(([status, response]) => (
        <Answer key={status} document={document} status={status} response={resolve(document, response)} />
      ))}
    </article>
  );
}

function Auth({ document, security }: { document: OpenApiDocument; security: Record<string, string[]>[] | undefined }) {
  if (security === undefined) return null;
  if (security.length === 0) return <p class="auth">Public: no key needed.</p>;
  const schemes = security.flatMap((requirement) => Object.keys(requirement));
  return (
    <p class="auth">
      Auth:{' '}
      {schemes.map((name, index) => (
        <Fragment key={name}>
          {index > 0 && ' or '}
          <span title={document.components?.securitySchemes?.[name]?.description}>
            <code>Authorization: Bearer {document.components?.securitySchemes?.[name]?.bearerFormat ?? name}</code>
          </span>
        </Fragment>
      ))}
    </p>
  );
}

function Answer({ document, status, response }: { document: OpenApiDocument; status: string; response: ResponseObject | undefined }) {
  if (!response) return null;
  const codes = errorCodesOf(document, response);
  const headers = Object.entries(response.headers ?? {});
  const summary = (
    <>
      <span class={`status status-${status[0]}xx`}>{status}</span> <InlineText text={response.description} />
      {codes.length > 0 && (
        <span class="error-codes">
          {' '}
          {codes.map((code) => (
            <code class="error-code" key={code}>
              {code}
            </code>
          ))}
        </span>
      )}
    </>
  );
  return (
    <Disclosure class="answer" data-status={status} summary={summary}>
      {() => (
        <>
          {headers.length > 0 && (
            <ul class="headers">
              {headers.map(([name, header]) => (
                <li key={name}>
                  <code>{name}</code>
                  {header.required ? '' : ' (optional)'}: <InlineText text={header.description} />
                </li>
              ))}
            </ul>
          )}
          {Object.entries(response.content ?? {}).map(([type, media]) => (
            <Media key={type} document={document} type={type} media={media} />
          ))}
        </>
      )}
    </Disclosure>
  );
}

function Media({ document, type, media }: { document: OpenApiDocument; type: string; media: MediaType }) {
  const examples = media.examples ? Object.entries(media.examples).map(([name, example]) => [example.summary ?? name, example.value] as const) : [];
  if (media.example !== undefined) examples.unshift(['example', media.example]);
  return (
    <div class="media">
      <p class="media-type">
        <code>{type}</code>
      </p>
      {type === 'application/json' && <SchemaView document={document} schema={media.schema} />}
      {examples.map(([label, value]) => (
        <figure class="example" key={label}>
          <figcaption>{label}</figcaption>
          <pre>{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>
        </figure>
      ))}
    </div>
  );
}
