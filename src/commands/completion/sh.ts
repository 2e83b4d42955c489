import { allCommands, groupByValue, type CompletionCommand } from './tree.js';

/** A single-quoted word for bash and zsh. */
export const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A `case` over `$1` (and `$2`) that sets REPLY; keys with the same value share one arm, and an
 * unknown key gives an empty REPLY (or a failing status, for lookups that can miss).
 */
export function caseFunction(name: string, subject: string, entries: ReadonlyArray<readonly [string, string]>, miss: 'empty' | 'fail' = 'empty'): string {
  const arms = groupByValue(entries).map(([keys, value]) => `    ${keys.map(shQuote).join('|')}) REPLY=${shQuote(value)} ;;`);
  const fallback = miss === 'fail' ? '    *) return 1 ;;' : "    *) REPLY='' ;;";
  return [`${name}() {`, `  case "${subject}" in`, ...arms, fallback, '  esac', '}'].join('\n');
}

/**
 * Lookups shared by the bash and zsh scripts, generated from the command tree:
 * _epi_sub PATH WORD     the canonical subcommand WORD names at PATH (aliases included), or failure
 * _epi_valued PATH       flags at PATH whose next word is their value
 * _epi_choices PATH FLAG the values FLAG accepts at PATH
 * _epi_args PATH N       the values positional argument N accepts at PATH
 * _epi_takes_args PATH   success when the command at PATH takes positional arguments
 */
export function lookupFunctions(root: CompletionCommand): string {
  const commands = allCommands(root);
  const sub = commands.flatMap((c) => c.subcommands.flatMap((s) => [s.name, ...s.aliases].map((word) => [`${c.path}/${word}`, s.name] as const)));
  const valued = commands.map((c) => [c.path, c.flags.filter((f) => f.takesValue).flatMap((f) => f.names).join(' ')] as const);
  const choices = commands.flatMap((c) => c.flags.filter((f) => f.choices).flatMap((f) => f.names.map((n) => [`${c.path}|${n}`, f.choices!.join(' ')] as const)));
  const args = commands.flatMap((c) => c.argChoices.flatMap((values, i) => (values ? [[`${c.path}|${i}`, values.join(' ')] as const] : [])));
  const takesArgs = commands.filter((c) => c.takesArgs).map((c) => shQuote(c.path));
  return [
    caseFunction('_epi_sub', '$1/$2', sub, 'fail'),
    caseFunction('_epi_valued', '$1', valued),
    caseFunction('_epi_choices', '$1|$2', choices),
    caseFunction('_epi_args', '$1|$2', args),
    ['_epi_takes_args() {', '  case "$1" in', `    ${takesArgs.join('|') || "''"}) return 0 ;;`, '    *) return 1 ;;', '  esac', '}'].join('\n'),
  ].join('\n\n');
}

/**
 * The loop both shells run over the words before the cursor: it follows subcommands (aliases
 * resolve to their canonical name), skips flag values, and counts positional arguments.
 * `words` and `first` differ: bash's COMP_WORDS starts at 0, zsh's words at 1.
 */
export function walkWords(words: string, first: number, current: string): string {
  return `  local cmdpath='' pending='' nargs=0 i w REPLY
  for ((i = ${first}; i < ${current}; i++)); do
    w="\${${words}[i]}"
    if [[ -n "$pending" ]]; then pending=''; continue; fi
    case "$w" in
      -*)
        _epi_valued "$cmdpath"
        if [[ "$w" != *=* && " $REPLY " == *" $w "* ]]; then pending="$w"; fi ;;
      *)
        if (( nargs == 0 )) && _epi_sub "$cmdpath" "$w"; then cmdpath="\${cmdpath:+$cmdpath }$REPLY"; else nargs=$((nargs + 1)); fi ;;
    esac
  done`;
}
