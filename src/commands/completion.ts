// runbook completion bash|zsh|fish: a script that asks the program itself (`__complete`, see
// complete.ts) for the candidates, so that it always knows today's commands, flags, runbooks,
// params, step ids and run ids. It completes the program under the name it was started with.
import { basename } from 'node:path';
import { parseFlags } from './shared/args.js';
import { SHELLS, usageLine } from './shared/spec.js';
import { UserError, EXIT, withSuggestions } from '../engine/core/errors.js';
import { nearest } from '../engine/core/suggest.js';
import { cliCommand } from '../i18n/index.js';

export async function command(argv: string[]): Promise<number> {
  const { positionals } = parseFlags('completion', argv);
  const shell = positionals[0];
  if (positionals.length !== 1 || !shell) throw new UserError('error.usage', { usage: usageLine('completion') }, { key: 'hint.commandHelp', vars: { command: 'completion' } });
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw withSuggestions(new UserError('error.badShell', { shell, shells: SHELLS.join(', ') }, { key: 'hint.commandHelp', vars: { command: 'completion' } }), nearest(shell, SHELLS));
  }
  process.stdout.write(script(shell as (typeof SHELLS)[number], programNames()));
  return EXIT.ok;
}

/** `runbook`, and the executable's own name when it was started under another one. */
function programNames(): string[] {
  const started = basename(cliCommand().split(' ').pop()!);
  return [...new Set(['runbook', started.endsWith('.js') || started.endsWith('.mjs') ? 'runbook' : started])];
}

export function script(shell: (typeof SHELLS)[number], names: string[]): string {
  if (shell === 'bash') return bash(names);
  if (shell === 'zsh') return zsh(names);
  return fish(names);
}

// The line up to the cursor goes to `__complete` as one argument; bash splits words at = and :
// too (COMP_WORDBREAKS), so each full-word candidate is cut to the part bash replaces.
function bash(names: string[]): string {
  return `# runbook completion for bash. Load it with: eval "$(runbook completion bash)"
_runbook() {
  local line=\${COMP_LINE:0:COMP_POINT}
  local word=\${line##*[[:space:]]}
  local cur=\${COMP_WORDS[COMP_CWORD]}
  [[ \${line} =~ [[:space:]]$ ]] && cur=
  local cut=$(( \${#word} - \${#cur} ))
  (( cut < 0 )) && cut=0
  local IFS=$'\\n' c
  COMPREPLY=()
  for c in $("\${COMP_WORDS[0]}" __complete -- "$line" 2>/dev/null); do
    COMPREPLY+=("\${c:cut}")
    [[ $c == *= ]] && compopt -o nospace 2>/dev/null
  done
  return 0
}
complete -o default -F _runbook ${names.join(' ')}
`;
}

function zsh(names: string[]): string {
  return `#compdef ${names.join(' ')}
# runbook completion for zsh. Save it as _runbook in a directory of $fpath, or: source <(runbook completion zsh)
_runbook() {
  local -a found
  found=("\${(@f)$("\${words[1]}" __complete -- "\${(j: :)words[1,CURRENT]}" 2>/dev/null)}")
  found=(\${found:#})
  if (( \${#found} == 0 )); then _files; return; fi
  local c
  for c in $found; do
    if [[ $c == *= ]]; then compadd -Q -S '' -- "$c"; else compadd -Q -- "$c"; fi
  done
}
compdef _runbook ${names.join(' ')}
`;
}

function fish(names: string[]): string {
  return `# runbook completion for fish. Save it as ~/.config/fish/completions/runbook.fish
function __runbook_complete
    set -l words (commandline -opc)
    set -l line (commandline -cp)
    $words[1] __complete -- $line 2>/dev/null
end
${names.map((n) => `complete -c ${n} -a '(__runbook_complete)'`).join('\n')}
`;
}
