import { useMemo, useState, type FormEvent } from 'react';
import { post } from '../api/client';
import type { Json, JsonSchema } from '../api/types';
import { go, href } from '../router';
import { JsonBlock, Problem, Status } from './common';

// A workflow's Run form, made from its input schema: a field per property (required marked,
// defaults filled in, enums as choices, numbers and booleans typed); objects, arrays and schemas it
// cannot draw are JSON; a JSON editor of the whole input is always one click away.

type Field = { name: string; schema: JsonSchema; required: boolean };

function typeOf(schema: JsonSchema): string {
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  return t ?? (schema.enum ? 'enum' : 'any');
}

function initial(fields: Field[]): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const f of fields) {
    const t = typeOf(f.schema);
    const d = f.schema.default;
    if (t === 'boolean') values[f.name] = d === true;
    else if (d === undefined || d === null) values[f.name] = '';
    else values[f.name] = typeof d === 'string' ? d : JSON.stringify(d);
  }
  return values;
}

/** The input the fields say, or the name of the first field that is wrong. */
function input(fields: Field[], values: Record<string, string | boolean>): { value?: Record<string, Json>; error?: string } {
  const out: Record<string, Json> = {};
  for (const f of fields) {
    const raw = values[f.name];
    const t = typeOf(f.schema);
    if (t === 'boolean') {
      out[f.name] = raw === true;
      continue;
    }
    const text = String(raw ?? '');
    if (text === '') {
      if (f.required) return { error: `${f.name} is required` };
      continue;
    }
    if (t === 'integer' || t === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n) || (t === 'integer' && !Number.isInteger(n))) return { error: `${f.name} must be ${t === 'integer' ? 'an integer' : 'a number'}` };
      out[f.name] = n;
    } else if (t === 'string' || (t === 'enum' && f.schema.enum?.every((e) => typeof e === 'string'))) {
      out[f.name] = text;
    } else {
      try {
        out[f.name] = JSON.parse(text);
      } catch {
        return { error: `${f.name} is not valid JSON` };
      }
    }
  }
  return { value: out };
}

export function RunForm({ workflowId, schema }: { workflowId: string; schema?: JsonSchema }) {
  const fields = useMemo<Field[]>(() => Object.entries(schema?.properties ?? {}).map(([name, s]) => ({
    name, schema: s, required: schema?.required?.includes(name) ?? false,
  })), [schema]);
  const [values, setValues] = useState(() => initial(fields));
  const [asJson, setAsJson] = useState(fields.length === 0 && !!schema && typeOf(schema) !== 'object');
  const [json, setJson] = useState('{}');
  const [error, setError] = useState<unknown>();
  const [invalid, setInvalid] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ exec_id: string; status: string; output?: Json }>();

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const sync = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'sync';
    setError(undefined);
    setInvalid(undefined);
    setResult(undefined);
    let body: Json;
    if (asJson) {
      try {
        body = JSON.parse(json);
      } catch {
        setInvalid('the input is not valid JSON');
        return;
      }
    } else {
      const made = input(fields, values);
      if (made.error) {
        setInvalid(made.error);
        return;
      }
      body = made.value!;
    }
    setBusy(true);
    try {
      const path = `/workflows/${encodeURIComponent(workflowId)}/executions${sync ? '/sync' : ''}`;
      const answer = await post<{ exec_id: string; status: string; output?: Json }>(path, { input: body });
      if (sync) setResult(answer);
      else go(href('executions', answer.exec_id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const switchMode = () => {
    if (!asJson) {
      const made = input(fields, values);
      setJson(JSON.stringify(made.value ?? {}, null, 2));
    }
    setAsJson(!asJson);
  };

  return (
    <form className="run-form" onSubmit={submit} aria-label={`Run ${workflowId}`}>
      {asJson ? (
        <label className="field">
          <span>Input (JSON)</span>
          <textarea name="input-json" rows={8} value={json} onChange={(e) => setJson(e.target.value)} spellCheck={false} />
        </label>
      ) : fields.length === 0 ? (
        <p className="muted">This workflow takes no input.</p>
      ) : (
        fields.map((f) => <FieldInput key={f.name} field={f} value={values[f.name]} onChange={(v) => setValues({ ...values, [f.name]: v })} />)
      )}
      {invalid && <div className="problem" role="alert">{invalid}</div>}
      <Problem error={error} />
      <div className="buttons">
        <button type="submit" value="async" disabled={busy}>Run</button>
        <button type="submit" value="sync" className="secondary" disabled={busy}>Run and wait</button>
        <button type="button" className="link" onClick={switchMode}>{asJson ? 'Use the form' : 'Edit as JSON'}</button>
      </div>
      {result && (
        <div className="result" aria-live="polite">
          <a href={href('executions', result.exec_id)}>{result.exec_id}</a> <Status status={result.status} />
          <JsonBlock value={result.output} label="Output" />
        </div>
      )}
    </form>
  );
}

function FieldInput({ field, value, onChange }: { field: Field; value: string | boolean; onChange: (v: string | boolean) => void }) {
  const t = typeOf(field.schema);
  const id = `input-${field.name}`;
  const label = (
    <span>
      {field.name}
      {field.required && <abbr title="required" className="required"> *</abbr>}
      {field.schema.description && <small className="muted"> {field.schema.description}</small>}
    </span>
  );
  if (t === 'boolean') {
    return (
      <label className="field check" htmlFor={id}>
        <input id={id} name={field.name} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
    );
  }
  if (field.schema.enum) {
    return (
      <label className="field" htmlFor={id}>
        {label}
        <select id={id} name={field.name} value={String(value)} required={field.required} onChange={(e) => onChange(e.target.value)}>
          {!field.required && <option value="">–</option>}
          {field.schema.enum.map((v) => {
            const text = typeof v === 'string' ? v : JSON.stringify(v);
            return <option key={text} value={text}>{text}</option>;
          })}
        </select>
      </label>
    );
  }
  if (t === 'object' || t === 'array' || t === 'any') {
    return (
      <label className="field" htmlFor={id}>
        {label}
        <textarea id={id} name={field.name} rows={3} value={String(value)} placeholder={t === 'array' ? '[ ]' : '{ }'}
          spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      </label>
    );
  }
  return (
    <label className="field" htmlFor={id}>
      {label}
      <input id={id} name={field.name} type={t === 'integer' || t === 'number' ? 'number' : field.schema.format === 'email' ? 'email' : 'text'}
        step={t === 'integer' ? 1 : 'any'} required={field.required} value={String(value)} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
