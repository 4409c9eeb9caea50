export const root: string;
export const cliFile: string;
export function ensureCli(): Promise<string>;
