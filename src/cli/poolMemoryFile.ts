import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PoolMemoryStore, poolMemoryKey, RememberedPool, sanitizeRememberedPool } from '../endpoint/poolMemory';
import type { CliOptions } from './args';
import { configFolder, writePrivateFile } from './configFolder';

/** `$XDG_CONFIG_HOME/lync-pchat/pool-memory.json`, else `~/.config/lync-pchat/pool-memory.json`. */
export function poolMemoryPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configFolder(env), 'pool-memory.json');
}

/** A larger file is not ours (each entry is a few hundred bytes): it is ignored, then overwritten. */
const MAX_FILE_BYTES = 64 * 1024;
/** Accounts kept in the file; the least recently saved go first. */
const MAX_ENTRIES = 20;

/**
 * The CLI's remembered pools: one JSON file for every account and server setting (`key`, from
 * poolMemoryKey), written whole and renamed, mode 0600. What is read is checked field by field; a
 * damaged, oversized or foreign file counts as empty and is overwritten by the next save.
 */
export class JsonPoolMemoryStore implements PoolMemoryStore {
  constructor(private readonly key: string, readonly path = poolMemoryPath()) {}

  load(): RememberedPool {
    return this.read().get(this.key) ?? {};
  }

  save(pool: RememberedPool): void {
    const pools = this.read();
    pools.delete(this.key);
    const kept = [...pools].slice(-(MAX_ENTRIES - 1));
    const entries = [...kept, [this.key, sanitizeRememberedPool(pool)] as const];
    // Object.fromEntries defines own properties: a key such as "__proto__" stays a plain key.
    writePrivateFile(this.path, `${JSON.stringify({ version: 1, pools: Object.fromEntries(entries) }, null, 2)}\n`);
  }

  /** The file's valid entries, in file order (a Map: keys from the file are never property names). */
  private read(): Map<string, RememberedPool> {
    const pools = new Map<string, RememberedPool>();
    try {
      if (statSync(this.path).size > MAX_FILE_BYTES) return pools;
      const value = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      const stored = typeof value === 'object' && value !== null ? (value as { pools?: unknown }).pools : undefined;
      if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return pools;
      for (const [key, entry] of Object.entries(stored as Record<string, unknown>).slice(-MAX_ENTRIES)) {
        const pool = sanitizeRememberedPool(entry);
        if (key.length <= 1024 && Object.keys(pool).length > 0) pools.set(key, pool);
      }
    } catch {
      // missing, unreadable or not JSON: nothing remembered
    }
    return pools;
  }
}

/** The remembered pool of this run's account and server (none for --demo, whose pool is new each run). */
export function rememberedPoolFile(options: CliOptions): PoolMemoryStore | undefined {
  if (options.demo || !options.uri) return undefined;
  const server = options.application ? options.proxy : options.server;
  return new JsonPoolMemoryStore(poolMemoryKey({ userUri: options.uri, server, transport: options.application ? 'tls' : options.transport }));
}
