/**
 * The browser's IndexedDB, as the few promises the messages code needs. One
 * database per origin holds, per person, the key that wraps their secrets,
 * their wrapped key sets and the messages waiting in their outbox.
 */
const NAME = "artistspace-messages";
const VERSION = 1;

export const STORES = {
  /** userId → the non-extractable AES-GCM CryptoKey that wraps that person's secrets. */
  wrapping: "wrapping",
  /** userId → their identity and this device's key sets, secret halves wrapped. */
  keys: "keys",
  /** clientId → a message not yet accepted by the server (indexed by userId). */
  outbox: "outbox",
} as const;

let opening: Promise<IDBDatabase> | null = null;

export function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore(STORES.wrapping);
      db.createObjectStore(STORES.keys);
      db.createObjectStore(STORES.outbox, { keyPath: "clientId" }).createIndex("userId", "userId");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }).catch((err) => {
    opening = null;
    throw err;
  });
  return opening;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Runs `work` in one transaction over `stores` and resolves once it has committed. */
export async function inTransaction<T>(
  stores: string[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => Promise<T> | T,
): Promise<T> {
  const tx = (await database()).transaction(stores, mode);
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("The transaction was aborted"));
  });
  const result = await work(tx);
  await committed;
  return result;
}

export const get = <T>(tx: IDBTransaction, store: string, key: IDBValidKey): Promise<T | undefined> =>
  done(tx.objectStore(store).get(key));

export const put = (tx: IDBTransaction, store: string, value: unknown, key?: IDBValidKey) =>
  done(tx.objectStore(store).put(value, key));

export const remove = (tx: IDBTransaction, store: string, key: IDBValidKey) =>
  done(tx.objectStore(store).delete(key));

export const allBy = <T>(tx: IDBTransaction, store: string, index: string, key: IDBValidKey): Promise<T[]> =>
  done(tx.objectStore(store).index(index).getAll(key));
