{{- define "compozy.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "compozy.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: compozy
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "compozy.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "compozy.fullname" .)) -}}
{{- end -}}

{{- define "compozy.executionName" -}}
{{- if .Values.execution.split -}}execution-api{{- else -}}execution{{- end -}}
{{- end -}}

{{/*
The platform's parts, one workload each: name, image (the Maven module), port, settings, the
execution roles, and the consumer groups KEDA may scale on (group and topics, as the services'
@KafkaListener declare them; DeployManifestsTest checks them against the code).
*/}}
{{- define "compozy.components" -}}
- name: gateway
  module: gateway
  port: {{ .Values.gateway.port }}
  settings: gateway
- name: registry
  module: registry-service
  port: {{ .Values.registry.port }}
  settings: registry
- name: workflow
  module: workflow-service
  port: {{ .Values.workflow.port }}
  settings: workflow
  lagGroups:
    - group: workflow-service
      topics: [compozy.commands, compozy.step-results]
- name: scheduler
  module: scheduler-service
  port: {{ .Values.scheduler.port }}
  settings: scheduler
{{- if .Values.execution.split }}
- name: execution-api
  module: execution-service
  port: {{ .Values.execution.port }}
  settings: execution.api
  roles: api
- name: execution-workers
  module: execution-service
  port: {{ .Values.execution.port }}
  settings: execution.workers
  roles: workers
  project: true
  lagGroups:
    - group: execution-service-tools
      topics: [compozy.steps.tool]
    - group: execution-service-agents
      topics: [compozy.steps.agent]
    - group: execution-service-memory
      topics: [compozy.steps.memory]
    - group: execution-service-knowledge
      topics: [compozy.knowledge.ingest]
{{- else }}
- name: execution
  module: execution-service
  port: {{ .Values.execution.port }}
  settings: execution.workers
  roles: api,workers
  project: true
  lagGroups:
    - group: execution-service-tools
      topics: [compozy.steps.tool]
    - group: execution-service-agents
      topics: [compozy.steps.agent]
    - group: execution-service-memory
      topics: [compozy.steps.memory]
    - group: execution-service-knowledge
      topics: [compozy.knowledge.ingest]
{{- end }}
{{- end -}}

{{- define "compozy.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ include "compozy.secretName" .root }}
      key: {{ .key }}
{{- if .optional }}
      optional: true
{{- end }}
{{- end -}}

{{/* A secret value: the one given, else the one the release stored at install, else a new random one. */}}
{{- define "compozy.secretValue" -}}
{{- if .given -}}{{ .given | b64enc }}{{- else if hasKey .stored .key -}}{{ index .stored .key }}{{- else -}}{{ randAlphaNum .length | b64enc }}{{- end -}}
{{- end -}}
