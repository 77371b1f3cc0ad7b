/** @jsxImportSource hono/jsx */
import type { oas31 } from 'zod-openapi';
import { fieldRows, resolve, type FieldRow } from './schema-fields.ts';

// The API description as a page, rendered on the server from the OpenAPI document itself: no
// script, no inline style, nothing fetched from elsewhere, so the pages' CSP holds.

type Schema = oas31.SchemaObject | oas31.ReferenceObject;
type Operation = oas31.OperationObject & { 'x-veille-role'?: string };

interface Entry {
  readonly method: string;
  readonly path: string;
  readonly anchor: string;
  readonly operation: Operation;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function whoMayCall(role: string | undefined): string {
  if (role === undefined || role === 'public') return 'anyone (more with a token)';
  return `needs ${/^[aeiou]|^sre/.test(role) ? 'an' : 'a'} ${role} token`;
}

/** `text with `code` in it` → text and <code> parts. */
function Prose(props: { text: string }) {
  return <>{props.text.split('`').map((part, index) => (index % 2 === 1 ? <code>{part}</code> : part))}</>;
}

/** A type, with the names of shared schemas linked to their description on this page. */
function TypeText(props: { type: string; components: Record<string, Schema> }) {
  return (
    <>
      {props.type.split(/\b([A-Z]\w+)\b/).map((part, index) =>
        index % 2 === 1 && part in props.components ? <a href={`#schema-${part}`}>{part}</a> : part,
      )}
    </>
  );
}

function Fields(props: { rows: readonly FieldRow[]; label: string; components: Record<string, Schema> }) {
  if (props.rows.length === 0) return null;
  return (
    <div class="table-scroll" role="region" aria-label={props.label} tabindex={0}>
      <table class="checks">
        <caption class="visually-hidden">{props.label}</caption>
        <thead>
          <tr>
            <th scope="col">field</th>
            <th scope="col">type</th>
            <th scope="col">required</th>
            <th scope="col">rules and meaning</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <th scope="row">
                <code>{row.name}</code>
              </th>
              <td>
                <TypeText type={row.type} components={props.components} />
              </td>
              <td>{row.required ? 'yes' : 'no'}</td>
              <td>
                {row.description ? <Prose text={row.description.replace(/\.$/, '')} /> : null}
                {row.description && row.rules.length > 0 ? '; ' : null}
                {row.rules.join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An answer's fields; an answer that differs by reader (signed in or not) shows each form. */
function AnswerFields(props: { label: string; schema: Schema; components: Record<string, Schema> }) {
  const branches = resolve(props.schema, props.components).anyOf;
  if (!branches) return <Fields label={props.label} rows={fieldRows(props.schema, props.components)} components={props.components} />;
  return (
    <>
      {branches.map((branch, index) => {
        const form = resolve(branch, props.components);
        return (
          <>
            <p>
              {index === 0 ? 'Either: ' : 'Or: '}
              {form.description ? <Prose text={form.description} /> : null}
            </p>
            <Fields label={`${props.label}, form ${index + 1}`} rows={fieldRows(branch, props.components)} components={props.components} />
          </>
        );
      })}
    </>
  );
}

function OperationSection(props: { entry: Entry; components: Record<string, Schema> }) {
  const { entry, components } = props;
  const { operation } = entry;
  const title = `${entry.method.toUpperCase()} ${entry.path}`;
  const parameters = (operation.parameters ?? []) as oas31.ParameterObject[];
  const body = operation.requestBody as oas31.RequestBodyObject | undefined;
  return (
    <section class="panel" id={entry.anchor} aria-labelledby={`${entry.anchor}-title`}>
      <h3 id={`${entry.anchor}-title`}>
        <code>{title}</code>
      </h3>
      <p>
        <strong>{operation.summary}</strong> · {whoMayCall(operation['x-veille-role'])}
      </p>
      {operation.description ? (
        <p>
          <Prose text={operation.description} />
        </p>
      ) : null}
      {parameters.length > 0 ? (
        <>
          <h4>Parameters</h4>
          <Fields
            components={components}
            label={`${title}: parameters`}
            rows={parameters.flatMap((parameter) =>
              fieldRows(parameter.schema ?? {}, components, `${parameter.name} (${parameter.in})`, parameter.required ?? false),
            )}
          />
        </>
      ) : null}
      {Object.entries(body?.content ?? {}).map(([type, media]) => (
        <>
          <h4>
            Body <code>{type}</code>
          </h4>
          <Fields label={`${title}: body ${type}`} rows={fieldRows(media.schema ?? {}, components)} components={components} />
        </>
      ))}
      <h4>Answers</h4>
      <dl>
        {Object.entries(operation.responses ?? {}).map(([status, response]) => (
          <>
            <dt>
              <code>{status}</code>
            </dt>
            <dd>
              <Prose text={(response as oas31.ResponseObject).description} />
              {status.startsWith('4') || status.startsWith('5') ? (
                <>
                  {' '}
                  (<a href="#errors">error</a>)
                </>
              ) : null}
            </dd>
          </>
        ))}
      </dl>
      {Object.entries(operation.responses ?? {})
        .filter(([status]) => status.startsWith('2'))
        .map(([status, response]) => {
          const schema = (response as oas31.ResponseObject).content?.['application/json']?.schema;
          return schema ? <AnswerFields label={`${title}: answer ${status}`} schema={schema} components={components} /> : null;
        })}
    </section>
  );
}

function ReferencePage(props: { document: oas31.OpenAPIObject; cssHref: string; jsonHref: string }) {
  const { document } = props;
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const entries: Entry[] = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      anchor: `${method}-${path.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
      operation: item[method] as Operation,
    })),
  );
  const tags = (document.tags ?? []).filter((tag) => entries.some((entry) => entry.operation.tags?.includes(tag.name)));
  const title = `${document.info.title} API reference`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{title}</title>
        <link rel="stylesheet" href={props.cssHref} />
        <link rel="icon" type="image/svg+xml" href="/assets/favicon.svg" />
        <link rel="alternate" type="application/json" href={props.jsonHref} title="OpenAPI 3.1 document" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <p class="brand">
              <a href="/">veille</a>
              <span class="brand-title"> · API reference</span>
            </p>
            <nav class="header-nav" aria-label="API description">
              <a href={props.jsonHref}>OpenAPI document</a>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">
          <h1>{title}</h1>
          {(document.info.description ?? '').split('\n\n').map((paragraph) => (
            <p>
              <Prose text={paragraph} />
            </p>
          ))}
          <p>
            The same description, for programs and tools: <a href={props.jsonHref}>{props.jsonHref}</a> (OpenAPI {document.openapi}).
          </p>
          {components.Error ? (
            <section aria-labelledby="errors">
              <h2 id="errors">Errors</h2>
              <p>Every refusal has this shape, with the status the answers of each route list.</p>
              <Fields label="Errors" rows={fieldRows(components.Error, components)} components={components} />
            </section>
          ) : null}
          <nav aria-labelledby="contents-title">
            <h2 id="contents-title">Routes</h2>
            {tags.map((tag) => (
              <>
                <h3>{tag.description ?? tag.name}</h3>
                <ul>
                  {entries
                    .filter((entry) => entry.operation.tags?.includes(tag.name))
                    .map((entry) => (
                      <li>
                        <a href={`#${entry.anchor}`}>
                          <code>
                            {entry.method.toUpperCase()} {entry.path}
                          </code>
                        </a>{' '}
                        {entry.operation.summary}
                      </li>
                    ))}
                </ul>
              </>
            ))}
          </nav>
          {tags.map((tag) => (
            <section aria-labelledby={`tag-${tag.name}`}>
              <h2 id={`tag-${tag.name}`} class="section-title">
                {tag.description ?? tag.name}
              </h2>
              {entries
                .filter((entry) => entry.operation.tags?.includes(tag.name))
                .map((entry) => (
                  <OperationSection entry={entry} components={components} />
                ))}
            </section>
          ))}
          <section aria-labelledby="records">
            <h2 id="records" class="section-title">
              Records
            </h2>
            <p>The records several routes answer with.</p>
            {Object.entries(components)
              .filter(([name]) => name !== 'Error')
              .map(([name, schema]) => (
                <section class="panel" id={`schema-${name}`} aria-labelledby={`schema-${name}-title`}>
                  <h3 id={`schema-${name}-title`}>{name}</h3>
                  {resolve(schema, components).description ? (
                    <p>
                      <Prose text={resolve(schema, components).description!} />
                    </p>
                  ) : null}
                  <Fields label={name} rows={fieldRows(schema, components)} components={components} />
                </section>
              ))}
          </section>
        </main>
      </body>
    </html>
  );
}

/** The whole page, as a document string. */
export function renderReferencePage(document: oas31.OpenAPIObject, cssHref: string, jsonHref: string): string {
  return `<!DOCTYPE html>${String(<ReferencePage document={document} cssHref={cssHref} jsonHref={jsonHref} />)}`;
}
