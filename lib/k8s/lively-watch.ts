import { Watch, type KubeConfig } from "@kubernetes/client-node";

/**
 * A watch that shows signs of life, or is known not to: every request asks the API server to end
 * it after `timeoutSeconds` (the informer then starts the next one) and to send bookmarks, and
 * every answer, event and bookmark calls `onLife`. A watch whose connection freezes without
 * closing stops calling it — the only way to tell it from a quiet one.
 */
export class LivelyWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly timeoutSeconds: number,
    private readonly onLife: () => void,
  ) {
    super(config);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const controller = await super.watch(
      path,
      { ...queryParams, timeoutSeconds: this.timeoutSeconds, allowWatchBookmarks: true },
      (phase, object, raw) => {
        this.onLife();
        callback(phase, object, raw);
      },
      done,
    );
    // The API server answered the request (its headers arrived): alive now.
    this.onLife();
    return controller;
  }
}
