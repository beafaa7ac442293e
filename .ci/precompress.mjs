// Writes .br and .gz beside each built wasm, JS and CSS file, at the
// strongest settings, so the server sends them without compressing on the fly.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] || 'target/site/pkg';
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css)$/.test(name)) continue;
  const data = readFileSync(join(dir, name));
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  writeFileSync(join(dir, name + '.br'), br);
  writeFileSync(join(dir, name + '.gz'), gzipSync(data, { level: 9 }));
  console.log(`${name}: ${data.length} bytes, brotli ${br.length}`);
}
