/** The resources of a `batchSub` SUBSCRIBE body, bounded (a hostile client cannot make the pool work hard). */
import { parseXml, XmlElement } from '../../src/common/xml';
import { aorOf } from '../uri';

export const BATCH_SUBSCRIBE_TYPE = 'application/msrtc-adrl-categorylist+xml';
const MAX_RESOURCES = 500;

/** The resource URIs (as AORs) and category names asked for; undefined when the body is not a batchSub. */
export function parseBatchSub(body: string): { resources: string[]; categories: string[] } | undefined {
  let root: XmlElement;
  try {
    root = parseXml(body, { maxBytes: 256 * 1024, maxDepth: 8, maxElements: MAX_RESOURCES * 2 + 50 });
  } catch {
    return undefined;
  }
  if (root.name !== 'batchSub') return undefined;
  const action = root.children.find((c) => c.name === 'action');
  const list = action?.children.find((c) => c.name === 'adhocList');
  const categoryList = action?.children.find((c) => c.name === 'categoryList');
  const resources = (list?.children ?? []).filter((c) => c.name === 'resource' && c.attrs.uri).map((c) => aorOf(c.attrs.uri));
  const categories = (categoryList?.children ?? []).filter((c) => c.name === 'category').map((c) => c.attrs.name ?? '');
  return { resources: [...new Set(resources)].slice(0, MAX_RESOURCES), categories };
}
