import { Option, type Command } from 'commander';
import { FORMATS } from './printer.js';

/** The output flags, declared in one place for every command that prints data. */
export function outputFlags(cmd: Command, options: { format?: boolean } = {}): Command {
  cmd.option('--json [fields]', 'print JSON; optionally only these comma-separated fields (e.g. id,name,address.city)');
  if (options.format !== false) {
    cmd.addOption(new Option('--format <format>', 'output format (default: table on a terminal, tsv when piped)').choices(FORMATS));
  }
  return cmd.option('--jq <expr>', 'filter the JSON output with a jq expression; strings print raw (implies --json)');
}
