// `npm run bench`: runs every scenario in bench/scenarios/, prints the figures with their targets
// and writes bench/RESULTS.md. Ratios are measured within one run, never asserted in tests.
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const log = (m) => process.stderr.write(`bench: ${m}\n`);
const files = readdirSync(join(root, 'bench', 'scenarios')).filter((f) => f.endsWith('.mjs') && (!only.length || only.some((o) => f.startsWith(o)))).sort();

const fmt = (v) => (v === undefined ? 'n/a' : Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 0));
const sections = [];
for (const file of files) {
  const { default: scenario } = await import(join(root, 'bench', 'scenarios', file));
  log(`running ${file}`);
  const result = await scenario({ root, log });
  const lines = [`## ${result.title}`, '', '| Measure | Value | Target | Met |', '|---|---|---|---|'];
  for (const r of result.rows) {
    // A target is a ceiling unless the row says `atLeast` (a rate that must be reached).
    const met = r.target === undefined || r.value === undefined ? '' : (r.atLeast ? r.value >= r.target : r.value <= r.target) ? 'yes' : 'NO';
    lines.push(`| ${r.name} | ${fmt(r.value)} ${r.unit ?? ''} | ${r.target === undefined ? '' : `${r.atLeast ? '≥' : '≤'} ${r.target}${r.unit ?? ''}`} | ${met} |`);
  }
  sections.push(lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

const header = `# epi benchmark results\n\nMeasured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}. Timings are medians of alternating runs against the same loopback server.\n`;
if (!only.length) writeFileSync(join(root, 'bench', 'RESULTS.md'), `${header}\n${sections.join('\n\n')}\n`);
