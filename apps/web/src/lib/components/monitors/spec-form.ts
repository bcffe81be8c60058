/** A submitted monitor form: one string per field, arrays for fields named `x[]`. */
export type FormValues = Record<string, string | string[]>;

/** A monitor spec built from a form, and the fields that could not be read (not numbers, bad lines). */
export interface SpecFromForm {
  spec: Record<string, unknown>;
  errors: Record<string, string>;
}

/** A form's fields as strings (fields named `x[]` as arrays); the same on the server and in the browser. */
export function formValuesOf(data: FormData): FormValues {
  const values: FormValues = {};
  for (const key of new Set(data.keys())) {
    const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
    values[key] = key.endsWith('[]') ? all : (all[0] ?? '');
  }
  return values;
}

const text = (values: FormValues, key: string): string => {
  const value = values[key];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
};
const list = (values: FormValues, key: string): string[] => {
  const value = values[key];
  return Array.isArray(value) ? value : value ? [value] : [];
};
const lines = (value: string) =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The form field a spec path belongs to (`headers.X-Key` → `headers`, `jsonPathAssertions.1.value` → `jsonPathAssertions.1`). */
export function fieldOf(path: string): string {
  const parts = path.replace(/^body\./, '').split('.');
  return parts[0] === 'jsonPathAssertions' && parts.length > 1 ? `${parts[0]}.${parts[1]}` : (parts[0] ?? '');
}

/** Builds a spec from the form's fields; blank optional fields are left out so the API's defaults apply. */
export function specFromForm(values: FormValues): SpecFromForm {
  const errors: Record<string, string> = {};
  const int = (key: string, blank: null | undefined = undefined): number | null | undefined => {
    const value = text(values, key);
    if (value === '') return blank;
    if (!/^-?\d+$/.test(value)) {
      errors[key] = 'Enter a whole number';
      return undefined;
    }
    return Number(value);
  };
  const orNull = (key: string) => text(values, key) || null;
  const type = text(values, 'type') || 'http';
  const common = {
    type,
    name: text(values, 'name'),
    tags: text(values, 'tags')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    alertChannelIds: list(values, 'alertChannelIds[]'),
  };
  if (type === 'heartbeat') {
    const spec = {
      ...common,
      expectedEverySeconds: int('expectedEverySeconds'),
      graceSeconds: int('graceSeconds'),
    };
    return { spec: withoutUndefined(spec), errors };
  }
  const probed = {
    ...common,
    regions: list(values, 'regions[]'),
    intervalSeconds: int('intervalSeconds'),
    timeoutMs: int('timeoutMs'),
    failureThreshold: int('failureThreshold'),
    recoveryThreshold: int('recoveryThreshold'),
    quorum: int('quorum', null),
  };
  let spec: Record<string, unknown>;
  if (type === 'http') {
    spec = {
      ...probed,
      method: text(values, 'method') || 'GET',
      url: text(values, 'url'),
      headers: headersOf(text(values, 'headers'), errors),
      body: (Array.isArray(values.body) ? values.body[0] : values.body) || null,
      followRedirects: text(values, 'followRedirects') === 'on',
      expectedStatusCodes: statusCodesOf(text(values, 'expectedStatusCodes'), errors),
      bodyContains: orNull('bodyContains'),
      bodyNotContains: orNull('bodyNotContains'),
      jsonPathAssertions: assertionsOf(values),
      degradedAboveMs: int('degradedAboveMs', null),
      verifyTls: text(values, 'verifyTls') === 'on',
    };
  } else if (type === 'tcp' || type === 'tls') {
    spec = { ...probed, host: text(values, 'host'), port: int('port') };
    if (type === 'tls') spec.expiryWarningDays = int('expiryWarningDays');
  } else {
    spec = {
      ...probed,
      recordName: text(values, 'recordName'),
      recordType: text(values, 'recordType') || 'A',
      expectedValues: lines(text(values, 'expectedValues')),
      resolver: orNull('resolver'),
    };
  }
  return { spec: withoutUndefined(spec), errors };
}

function withoutUndefined(spec: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined));
}

/** `Name: value` per line. */
function headersOf(value: string, errors: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [index, line] of lines(value).entries()) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      errors.headers = `Line ${index + 1}: write one header per line as Name: value`;
      continue;
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** `200, 301, 2xx` → [200, 301, '2xx']; blank → the API's default (2xx). */
function statusCodesOf(value: string, errors: Record<string, string>): (number | string)[] | undefined {
  if (value === '') return undefined;
  const codes: (number | string)[] = [];
  for (const item of value.split(/[\s,]+/).filter(Boolean)) {
    if (/^\d{3}$/.test(item)) codes.push(Number(item));
    else if (/^[1-5]xx$/i.test(item)) codes.push(item.toLowerCase());
    else errors.expectedStatusCodes = `“${item}” is not a status code (like 200) or class (like 2xx)`;
  }
  return codes;
}

/** The JSON assertion rows (`jsonPath[]`, `jsonOp[]`, `jsonValue[]`); rows without a path are skipped. */
function assertionsOf(values: FormValues): Record<string, unknown>[] {
  const paths = list(values, 'jsonPath[]');
  const ops = list(values, 'jsonOp[]');
  const given = list(values, 'jsonValue[]');
  return paths.flatMap((raw, index) => {
    const path = raw.trim();
    if (!path) return [];
    const op = ops[index] || 'eq';
    const valueText = (given[index] ?? '').trim();
    if (op === 'exists' || valueText === '') return [{ path, op }];
    return [{ path, op, value: jsonValueOf(valueText, op) }];
  });
}

/** What an assertion compares with: numbers, true/false/null and "quoted" strings as JSON, else the text. */
function jsonValueOf(value: string, op: string): unknown {
  if (op === 'lt' || op === 'gt') return Number.isFinite(Number(value)) ? Number(value) : value;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed === null || ['string', 'number', 'boolean'].includes(typeof parsed) ? parsed : value;
  } catch {
    return value;
  }
}

/** A monitor as the API shows it (the fields the form edits). */
export type MonitorLike = Record<string, unknown> & { type: string };

/** The form's fields for an existing monitor (edit) or a new one of `type` (create). */
export function formFromMonitor(monitor: MonitorLike): FormValues {
  const values: FormValues = {};
  const numbers = [
    'intervalSeconds',
    'timeoutMs',
    'failureThreshold',
    'recoveryThreshold',
    'quorum',
    'degradedAboveMs',
    'port',
    'expiryWarningDays',
    'expectedEverySeconds',
    'graceSeconds',
  ];
  const strings = ['type', 'name', 'method', 'url', 'body', 'bodyContains', 'bodyNotContains', 'host'];
  for (const key of [...numbers, ...strings, 'recordName', 'recordType', 'resolver']) {
    const value = monitor[key];
    if (value !== null && value !== undefined) values[key] = String(value);
  }
  values.tags = ((monitor.tags as string[] | undefined) ?? []).join(', ');
  values['regions[]'] = (monitor.regions as string[] | undefined) ?? [];
  values['alertChannelIds[]'] = (monitor.alertChannelIds as string[] | undefined) ?? [];
  if (monitor.followRedirects !== false) values.followRedirects = 'on';
  if (monitor.verifyTls !== false) values.verifyTls = 'on';
  const headers = (monitor.headers as Record<string, string> | undefined) ?? {};
  values.headers = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  values.expectedStatusCodes = ((monitor.expectedStatusCodes as unknown[] | undefined) ?? ['2xx']).join(', ');
  values.expectedValues = ((monitor.expectedValues as string[] | undefined) ?? []).join('\n');
  const assertions = (monitor.jsonPathAssertions as { path: string; op: string; value?: unknown }[]) ?? [];
  values['jsonPath[]'] = assertions.map((a) => a.path);
  values['jsonOp[]'] = assertions.map((a) => a.op);
  // A string that would read back as a number, boolean or null is shown quoted, so it stays a string.
  values['jsonValue[]'] = assertions.map((a) =>
    a.value === undefined
      ? ''
      : typeof a.value === 'string' && jsonValueOf(a.value, 'eq') === a.value
        ? a.value
        : JSON.stringify(a.value),
  );
  return values;
}
