import { z } from 'zod';
import { apiErrorSchema } from './common.ts';
import { type Endpoint, pathParameters } from './endpoint.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(endpoint: Endpoint): JsonSchema[] {
  const path = jsonSchema(endpoint.params, 'input') as { properties?: Record<string, JsonSchema> };
  const query = jsonSchema(endpoint.query, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return [
    ...pathParameters(endpoint.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: path.properties?.[name] ?? { type: 'string' },
    })),
    ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: query.required?.includes(name) ?? false,
      schema,
    })),
  ];
}

const securityOf: Record<Endpoint['access']['kind'], JsonSchema[]> = {
  public: [],
  user: [{ session: [] }],
  operator: [{ session: [] }],
  org: [{ session: [] }, { apiKey: [] }],
};

/** The OpenAPI 3.1 document of the REST API, generated from the same schemas that validate requests. */
export function buildOpenApi(
  endpoints: readonly Endpoint[],
  info: { version: string; serverUrl: string },
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of endpoints) {
    const hasBody = endpoint.method !== 'GET' && endpoint.method !== 'DELETE';
    const success = endpoint.response
      ? {
          description: 'Success',
          content: { 'application/json': { schema: jsonSchema(endpoint.response, 'output') } },
        }
      : { description: 'Success, no content' };
    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method.toLowerCase()] = {
      operationId: endpoint.id,
      summary: endpoint.summary,
      tags: [endpoint.tag],
      security: securityOf[endpoint.access.kind],
      ...(endpoint.access.kind === 'org' ? { 'x-vantage-permission': endpoint.access.action } : {}),
      parameters: parameters(endpoint),
      ...(hasBody
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(endpoint.status)]: success,
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Vantage API', version: info.version },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: { Error: jsonSchema(apiErrorSchema, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vantage_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An organization API key (vk_…)' },
      },
    },
  };
}
