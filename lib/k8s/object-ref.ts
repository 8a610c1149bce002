/**
 * One Kubernetes object we may delete, named exactly: by kind, namespace and name, and by the uid
 * it had when the decision was made, so that a delete can never hit a newer object of that name.
 */
export interface ObjectRef {
  kind: "Deployment" | "Service" | "Pod";
  namespace: string;
  name: string;
  uid: string;
}

export const describeObjectRef = (r: ObjectRef) => `${r.kind} ${r.namespace}/${r.name}`;
