/**
 * The block that tells AI coding agents where the plan is and how to change it, kept between
 * two marker comments in AGENTS.md, CLAUDE.md or the like. Written by the command line's
 * `agents` command; the app's folder view offers the same text to copy. Text outside the
 * markers is never touched.
 */
export const agentsBegin = '<!-- session-orchestrator:begin -->';
export const agentsEnd = '<!-- session-orchestrator:end -->';

/** The block, markers included, LF line endings. */
export const agentsBlock = (): string =>
  [
    agentsBegin,
    '## The plan (Session Orchestrator)',
    '',
    'The plan is in `.task_orchestrator/sessions/<session id>/session.md`, one file per session.',
    'Use the command line or the MCP server rather than editing it by hand:',
    '',
    '- `session-orchestrator sessions` · `show <session>` · `ready` · `next` · `search <words>`',
    '- `session-orchestrator add "Title" --group G --est 2h` prints the new id;',
    '  `start <id>`, `done <id>`, `block <id>`, `reopen <id>`, `edit <id> --title …`, `note <id> "text"`',
    '- `session-orchestrator check` before committing; `--json` on any command for data.',
    '- MCP: run `session-orchestrator mcp` (stdio) from the project folder.',
    '',
    'If you edit session.md by hand:',
    '',
    '- Tasks are task items: `- [ ]` open, `- [x]` done; subtasks indented two spaces more.',
    '- Keep each `<!-- id:… -->` comment on its line; never invent ids (new lines get one).',
    '- Tags after the title: `in progress`, `blocked`, `@specialist`, `est:2h`, `depends:<id>,<id>`.',
    '- A description is `> ` quote lines right under the task.',
    '- Leave the Id, Progress and Effort lines alone; never leave git conflict markers.',
    agentsEnd,
    '',
  ].join('\n');

/**
 * `text` with the block in place: replaced between the markers when they are there, else
 * added at the end. Keeps the file's line endings and everything outside the markers.
 */
export const withAgentsBlock = (text: string): string => {
  const crlf = text.includes('\r\n');
  const block = crlf ? agentsBlock().replace(/\n/g, '\r\n') : agentsBlock();
  const start = text.indexOf(agentsBegin);
  const end = start < 0 ? -1 : text.indexOf(agentsEnd, start);
  if (start >= 0 && end >= 0) {
    let after = end + agentsEnd.length;
    if (text.startsWith('\r\n', after)) after += 2;
    else if (text.startsWith('\n', after)) after += 1;
    return text.slice(0, start) + block + text.slice(after);
  }
  if (text === '') return block;
  const eol = crlf ? '\r\n' : '\n';
  const gap = text.endsWith(`${eol}${eol}`) ? '' : text.endsWith(eol) ? eol : eol + eol;
  return text + gap + block;
};
