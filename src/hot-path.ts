/**
 * The modules nearly every command that calls an API runs: the CLI, the context and config, the
 * printer, the HTTP client with ky, paging and the API modules. main.ts and every module loaded
 * with import() import this one (scripts/hot-path.mjs adds that import at build time), so esbuild
 * puts all of it in one chunk: `epi org current` reads six files instead of thirty, and Node's
 * ES module loader spends its time per file. `epi --help` and `--version` are answered by
 * bin/epi.js before any of this loads.
 */
import './cli.js';
import './api/http.js';
import './paging.js';
import './input.js';
import './password.js';
import './duration.js';
import './commands/define.js';
import './api/access-token.js';
import './api/audit-logs.js';
import './api/organization.js';
import './api/partner-directory.js';
import './api/permissions.js';
import './api/user-groups.js';
import './api/user-me.js';
import './api/user-public.js';
import './api/user.js';
