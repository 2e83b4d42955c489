import { Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import { FORMATS } from './printer.js';

/** The output flags, declared in one place for every command that prints data. */
export function outputFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>, options: { format?: boolean } = {}): Command<A, O, G> {
  cmd.option('--json [fields]', 'print JSON; optionally only these comma-separated fields (e.g. id,name,address.city)');
  if (options.format !== false) {
    cmd.addOption(new Option('--format <format>', 'output format (default: table on a terminal, tsv when piped)').choices(FORMATS));
  }
  cmd.option('--jq <expr>', 'filter the JSON output with a jq expression; strings print raw (implies --json)');
  // Typed as unchanged: --json, --format and --jq are CommonFlags, which every verb may read.
  return cmd;
}
