// The parts of the API's answers the console reads (api/openapi.json has them all).

export type Role = 'read' | 'write' | 'admin';

export interface Caller {
  key_id: string;
  user_id: string;
  role: Role;
  expires_at?: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: Json[];
  default?: Json;
  description?: string;
  items?: JsonSchema;
  format?: string;
}

/** A task of a workflow, as the language writes it: only what the graph draws. */
export interface TaskDef {
  id: string;
  type?: string;
  tool?: string;
  agent?: { id?: string } | string;
  action?: string;
  on_success?: { next?: string };
  on_error?: { next?: string };
  routes?: Record<string, string | TaskDef>;
  tasks?: TaskDef[];
  task?: TaskDef;
  strategy?: string;
  wait_for?: string;
  condition?: string;
  [more: string]: unknown;
}

export interface WorkflowDef {
  id: string;
  version?: string;
  description?: string;
  config?: { input?: JsonSchema };
  tasks?: TaskDef[];
  schedule?: { cron?: string };
  [more: string]: unknown;
}

export interface Page {
  limit: number;
  next_cursor?: string | null;
  prev_cursor?: string | null;
}

export interface ExecutionSummary {
  exec_id: string;
  workflow_id: string;
  status: string;
  created_at: string;
  updated_at?: string;
  ended_at?: string;
}

export interface TaskView {
  status: string;
  input?: Json;
  output?: Json;
  error?: Json;
  attempts?: number;
  started_at?: string;
  ended_at?: string;
}

export interface ExecutionView extends ExecutionSummary {
  input?: Json;
  output?: Json;
  error?: Json;
  usage?: Json;
  tasks?: Record<string, TaskView>;
  trace_id?: string;
  /** What may be asked of it now: cancel, pause, resume, signal. */
  actions?: string[];
}

export interface StepRun {
  attempt: number;
  kind: string;
  worker?: string;
  queued_at?: string;
  started_at?: string;
  ended_at?: string;
  waited_ms?: number;
  ran_ms?: number;
  outcome?: string;
}

export interface TaskTimeline {
  task_id: string;
  status: string;
  attempts?: number;
  started_at?: string;
  ended_at?: string;
  duration_ms?: number;
  runs?: StepRun[];
}

export interface ExecutionTimeline {
  exec_id: string;
  status: string;
  created_at: string;
  ended_at?: string;
  duration_ms?: number;
  tasks: TaskTimeline[];
}

export interface Schedule {
  workflow_id: string;
  cron: string;
  timezone?: string;
  enabled: boolean;
  is_override?: boolean;
  next_run_time?: string;
  last_run_time?: string;
  last_run_status?: string;
  last_exec_id?: string;
  error?: string;
}

export interface IngestJob {
  job_id: string;
  status: string;
  documents_done?: number;
  documents_total?: number;
  chunks?: number;
  embedded?: number;
  created_at?: string;
  finished_at?: string;
  error?: Record<string, string>;
}

export interface KnowledgeMatch {
  binding_id?: string;
  content: string;
  score: number;
  metadata?: Record<string, Json>;
}

export interface User {
  id: string;
  email: string;
  name?: string;
  role: Role;
  created_at?: string;
}

export interface KeyView {
  id: string;
  user_id: string;
  name?: string;
  prefix: string;
  role?: Role;
  created_at: string;
  expires_at?: string;
  revoked_at?: string;
  last_used_at?: string;
}

/** Statuses after which nothing more happens to an execution. */
export const FINISHED = new Set(['success', 'failed', 'canceled', 'timed_out']);
