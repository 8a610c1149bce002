import type { KubeConfig } from "@kubernetes/client-node";

/**
 * Calls `onRequest` for every request made with this KubeConfig: generated API calls authenticate
 * through `applySecurityAuthentication`, watches through `applyToFetchOptions`. Lets the metrics
 * (and the benchmark) prove that a dashboard refresh costs no request per session.
 */
export function countKubernetesRequests(
  kubeConfig: KubeConfig,
  onRequest: (type: "api" | "watch") => void,
): KubeConfig {
  const authenticate = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
  const fetchOptions = kubeConfig.applyToFetchOptions.bind(kubeConfig);
  kubeConfig.applySecurityAuthentication = async (context) => {
    onRequest("api");
    return authenticate(context);
  };
  kubeConfig.applyToFetchOptions = async (options) => {
    onRequest("watch");
    return fetchOptions(options);
  };
  return kubeConfig;
}
