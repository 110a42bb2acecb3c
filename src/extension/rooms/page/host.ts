import type { PageToHost } from '../roomProtocol';

/** What the page keeps across a window reload (VS Code hands it to the serializer). */
export interface PageState { roomUri: string; name: string }

interface VsCodeApi {
  postMessage(message: PageToHost): void;
  setState(state: PageState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The page's one handle on the extension (acquireVsCodeApi may be called once per page). */
export const host: VsCodeApi = acquireVsCodeApi();
