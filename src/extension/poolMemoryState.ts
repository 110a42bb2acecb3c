import type * as vscode from 'vscode';
import { PoolMemoryStore, RememberedPool, sanitizeRememberedPool } from '../endpoint/poolMemory';

/** globalState key prefix of the remembered pools, one per account and server setting (poolMemoryKey). */
const POOL_MEMORY_KEY = 'lyncPersistentChat.rememberedPool';

/**
 * The registrar, lookup service and chat server the last session used, kept in VS Code's
 * globalState (not settings: nothing the user chose; not secrets: nothing secret). Values read
 * back are checked field by field, and an invalid one is dropped and overwritten by the next save.
 */
export class GlobalStatePoolMemory implements PoolMemoryStore {
  private readonly key: string;

  constructor(private readonly state: Pick<vscode.Memento, 'get' | 'update'>, accountKey: string) {
    this.key = `${POOL_MEMORY_KEY}:${accountKey}`;
  }

  load(): RememberedPool {
    return sanitizeRememberedPool(this.state.get<unknown>(this.key));
  }

  save(pool: RememberedPool): void {
    void this.state.update(this.key, sanitizeRememberedPool(pool));
  }
}
