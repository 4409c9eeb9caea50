// wa-sqlite ships this VFS without type declarations; this is the part the app uses.
declare module '@journeyapps/wa-sqlite/src/examples/AccessHandlePoolVFS.js' {
  export class AccessHandlePoolVFS {
    static create(name: string, module: unknown): Promise<AccessHandlePoolVFS>;
    readonly name: string;
    getCapacity(): number;
    getSize(): number;
    addCapacity(n: number): Promise<number>;
    close(): Promise<void>;
  }
}
