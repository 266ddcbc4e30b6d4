// GraphiQL served by the service itself (no CDN): a hospital network may have no internet.
// React here, not Preact: GraphiQL is a React component and this page is for developers only.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import './explorer.css';

const http = `${location.origin}/graphql`;
const fetcher = createGraphiQLFetcher({ url: http, subscriptionUrl: http.replace(/^http/, 'ws') });

/** The schema as the service prints it; null where introspection is off (GraphiQL then has none). */
async function schema(): Promise<GraphQLSchema | null> {
  const res = await fetch('/graphiql/schema.graphql').catch(() => null);
  return res?.ok ? buildSchema(await res.text()) : null;
}

const root = document.getElementById('graphiql');
if (root) {
  void schema().then((s) => createRoot(root).render(createElement(GraphiQL, { fetcher, schema: s, defaultEditorToolsVisibility: true })));
}
