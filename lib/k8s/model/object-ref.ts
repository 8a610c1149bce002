/**
 * One Kubernetes object we may delete, named exactly: by kind, namespace and name, and by the uid
 * it had when the decision was made, so that a delete can never hit a newer object of that name.
 */
export interface ObjectRef {
  kind: "Deployment" | "Service" | "Pod";
  namespace: string;
  name: string;
  uid: string;
  /**
   * The version the decision read, where the decision rests on the object's own content (its
   * labels and installation id: an orphan, objects left by an ended session). A delete then carries
   * it as a precondition too, so an object relabelled or adopted since the plan stays.
   */
  resourceVersion?: string;
  /**
   * The configured cluster it lives in (lib/config/clusters.ts), set by the plan across clusters
   * (lib/reconcile/clusters.ts); the delete goes to that cluster's API server. Absent: the
   * installation's only cluster — with several, an untagged reference is refused.
   */
  cluster?: string;
}

export const describeObjectRef = (r: ObjectRef) =>
  `${r.kind} ${r.namespace}/${r.name}${r.cluster ? ` in cluster ${r.cluster}` : ""}`;
