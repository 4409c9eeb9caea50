/** `agents`: writes or refreshes the plan block for AI agents in AGENTS.md (see core/agents-block.ts). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { agentsBlock, withAgentsBlock } from '../core/agents-block';
import type { Context } from './context';

export const agents = (
  ctx: Context,
  values: Record<string, string | boolean | undefined>,
): number => {
  if (values.print) {
    ctx.print(agentsBlock().trimEnd());
    return 0;
  }
  const base = values.file !== undefined ? ctx.cwd : ctx.project().root;
  const path = resolve(base, (values.file as string | undefined) ?? 'AGENTS.md');
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const after = withAgentsBlock(before);
  const current = before === after;
  if (values.check) {
    if (ctx.json) ctx.printJson({ file: path, current });
    else
      ctx.print(
        current
          ? `${path}: the block is up to date.`
          : `${path}: the block is missing or out of date.`,
      );
    return current ? 0 : 1;
  }
  if (!current) writeFileSync(path, after);
  if (ctx.json) ctx.printJson({ file: path, changed: !current });
  else ctx.print(`${current ? 'Up to date' : before === '' ? 'Written' : 'Updated'}: ${path}`);
  return 0;
};
