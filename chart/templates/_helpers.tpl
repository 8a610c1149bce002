{{- define "sr.fullname" -}}
{{- printf "%s" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sr.labels" -}}
app.kubernetes.io/name: session-reconciler
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "sr.selector" -}}
app.kubernetes.io/name: session-reconciler
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sr.serviceAccountName" -}}
{{- default (include "sr.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}
