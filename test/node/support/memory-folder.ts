/**
 * An in-memory stand-in for a FileSystemDirectoryHandle, for running the real sync engine and
 * folder adapter in Node. It implements what workers/folder/fs.ts uses (getDirectoryHandle,
 * getFileHandle, entries/keys, removeEntry, getFile, createWritable with swap-file semantics:
 * the content changes only on close) and throws DOMExceptions with the names browsers use.
 * `faults` makes every later call fail, as a revoked permission or a full disk would.
 */

export interface Faults {
  /** Every operation throws NotAllowedError (permission revoked). */
  denied: boolean;
  /** Writes throw QuotaExceededError (disk full). */
  quota: boolean;
  /**
   * Called when a writable is opened on a file (the app is about to write it): a test makes
   * an editor save, or the page die, at that moment.
   */
  onWritable: ((name: string) => void) | null;
}

type Node = MemoryDir | MemoryFile;

class MemoryFile {
  readonly kind = 'file';
  bytes = new Uint8Array();
  lastModified = Date.now();
  readonly name: string;
  readonly faults: Faults;
  constructor(name: string, faults: Faults) {
    this.name = name;
    this.faults = faults;
  }
}

class MemoryDir {
  readonly kind = 'directory';
  readonly children = new Map<string, Node>();
  readonly name: string;
  readonly faults: Faults;
  constructor(name: string, faults: Faults) {
    this.name = name;
    this.faults = faults;
  }
}

const fail = (name: string, message: string) => new DOMException(message, name);

function checkName(name: string) {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name))
    throw new TypeError(`Name is not allowed: ${JSON.stringify(name)}`);
}

let clock = Date.now();
const tick = () => (clock = Math.max(clock + 1, Date.now()));

function fileHandle(file: MemoryFile) {
  const guard = () => {
    if (file.faults.denied) throw fail('NotAllowedError', 'Permission revoked (test)');
  };
  return {
    kind: 'file' as const,
    name: file.name,
    async getFile() {
      guard();
      return new File([file.bytes.slice()], file.name, { lastModified: file.lastModified });
    },
    async createWritable() {
      guard();
      file.faults.onWritable?.(file.name);
      let pending = new Uint8Array();
      let closed = false;
      return {
        async write(data: string | Uint8Array) {
          guard();
          if (file.faults.quota) throw fail('QuotaExceededError', 'Disk full (test)');
          const add = typeof data === 'string' ? new TextEncoder().encode(data) : data;
          const next = new Uint8Array(pending.length + add.length);
          next.set(pending);
          next.set(add, pending.length);
          pending = next;
        },
        async close() {
          guard();
          if (closed) throw new TypeError('closed');
          closed = true;
          file.bytes = pending;
          file.lastModified = tick();
        },
        async abort() {
          closed = true;
        },
      };
    },
  };
}

function dirHandle(dir: MemoryDir): FileSystemDirectoryHandle {
  const guard = () => {
    if (dir.faults.denied) throw fail('NotAllowedError', 'Permission revoked (test)');
  };
  const wrap = (node: Node) => (node instanceof MemoryDir ? dirHandle(node) : fileHandle(node));
  const handle = {
    kind: 'directory' as const,
    name: dir.name,
    async getDirectoryHandle(name: string, options?: { create?: boolean }) {
      guard();
      checkName(name);
      let child = dir.children.get(name);
      if (!child) {
        if (!options?.create) throw fail('NotFoundError', `No ${name}`);
        child = new MemoryDir(name, dir.faults);
        dir.children.set(name, child);
      }
      if (!(child instanceof MemoryDir)) throw fail('TypeMismatchError', `${name} is a file`);
      return dirHandle(child);
    },
    async getFileHandle(name: string, options?: { create?: boolean }) {
      guard();
      checkName(name);
      let child = dir.children.get(name);
      if (!child) {
        if (!options?.create) throw fail('NotFoundError', `No ${name}`);
        if (dir.faults.quota) throw fail('QuotaExceededError', 'Disk full (test)');
        child = new MemoryFile(name, dir.faults);
        dir.children.set(name, child);
      }
      if (!(child instanceof MemoryFile)) throw fail('TypeMismatchError', `${name} is a folder`);
      return fileHandle(child);
    },
    async removeEntry(name: string) {
      guard();
      if (!dir.children.delete(name)) throw fail('NotFoundError', `No ${name}`);
    },
    async *entries() {
      guard();
      for (const [name, node] of [...dir.children]) yield [name, wrap(node)] as const;
    },
    async *keys() {
      guard();
      for (const name of [...dir.children.keys()]) yield name;
    },
  };
  return handle as unknown as FileSystemDirectoryHandle;
}

export interface MemoryFolder {
  handle: FileSystemDirectoryHandle;
  faults: Faults;
  /** Every file path under the folder, `/`-separated, sorted. */
  paths(): string[];
  read(path: string): string | null;
  write(path: string, text: string): void;
  remove(path: string): void;
}

export function createMemoryFolder(name = 'project'): MemoryFolder {
  const faults: Faults = { denied: false, quota: false, onWritable: null };
  const root = new MemoryDir(name, faults);
  const walk = (path: string, create: boolean): { dir: MemoryDir; leaf: string } | null => {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.children.get(part);
      if (!next && create) dir.children.set(part, (next = new MemoryDir(part, faults)));
      if (!(next instanceof MemoryDir)) return null;
      dir = next;
    }
    return { dir, leaf: parts.at(-1)! };
  };
  return {
    handle: dirHandle(root),
    faults,
    paths() {
      const out: string[] = [];
      const visit = (dir: MemoryDir, prefix: string) => {
        for (const [n, node] of dir.children) {
          if (node instanceof MemoryDir) visit(node, `${prefix}${n}/`);
          else out.push(`${prefix}${n}`);
        }
      };
      visit(root, '');
      return out.sort();
    },
    read(path) {
      const at = walk(path, false);
      const node = at?.dir.children.get(at.leaf);
      return node instanceof MemoryFile ? new TextDecoder().decode(node.bytes) : null;
    },
    write(path, text) {
      const at = walk(path, true)!;
      let node = at.dir.children.get(at.leaf);
      if (!(node instanceof MemoryFile)) {
        node = new MemoryFile(at.leaf, faults);
        at.dir.children.set(at.leaf, node);
      }
      node.bytes = new TextEncoder().encode(text);
      node.lastModified = tick();
    },
    remove(path) {
      const at = walk(path, false);
      at?.dir.children.delete(at.leaf);
    },
  };
}
