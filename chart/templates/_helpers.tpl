{{- define "sr.fullname" -}}
{{- printf "%s" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sr.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /* The app's image; an empty image.tag means the chart's appVersion. */ -}}
{{- define "sr.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- /*
The standard labels of every object: include "sr.labels" (dict "root" $ "component" "app").
"name" overrides app.kubernetes.io/name (the agent's pods keep a name of their own, so the app's
Service never selects them).
*/ -}}
{{- define "sr.labels" -}}
app.kubernetes.io/name: {{ .name | default "session-reconciler" }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: session-reconciler
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "sr.chart" .root }}
{{- end -}}

{{- /* The app's pods (immutable once installed: never add a label here). */ -}}
{{- define "sr.selector" -}}
app.kubernetes.io/name: session-reconciler
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- /* The agent's pods (immutable once installed). */ -}}
{{- define "sr.agentSelector" -}}
app.kubernetes.io/name: session-reconciler-agent
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sr.serviceAccountName" -}}
{{- default (include "sr.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- /* imagePullSecrets, nodeSelector and tolerations: shared by every pod of the chart. */ -}}
{{- define "sr.podPlacement" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
