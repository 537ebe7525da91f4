/** Gzip sizes of what each part of the extension loads, read from the production build. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface BundleSizes {
  content: number;
  background: number;
  popup: number;
  files: Record<string, number>;
}

const gz = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

/** A JS file plus every chunk it imports statically, transitively. */
function withImports(dir: string, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = fs.readFileSync(path.join(dir, entry), 'utf8');
  for (const m of code.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)) {
    const next = path.posix.normalize(path.posix.join(path.posix.dirname(entry), m[1]!));
    if (fs.existsSync(path.join(dir, next))) withImports(dir, next, seen);
  }
  return seen;
}

function pageFiles(dir: string, html: string): Set<string> {
  const files = new Set<string>();
  const text = fs.readFileSync(path.join(dir, html), 'utf8');
  for (const m of text.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) {
    const f = m[1]!;
    if (f.endsWith('.css')) files.add(f);
    else withImports(dir, f, files);
  }
  return files;
}

export function bundleSizes(dir: string): BundleSizes {
  const files: Record<string, number> = {};
  const size = (f: string) => {
    files[f] ??= gz(path.join(dir, f));
    return files[f];
  };
  const sum = (set: Iterable<string>) => [...set].reduce((n, f) => n + size(f), 0);
  const contentDir = path.join(dir, 'content-scripts');
  const contentFiles = fs.readdirSync(contentDir).map((f) => `content-scripts/${f}`);
  return {
    content: sum(contentFiles),
    background: sum(withImports(dir, 'background.js')),
    popup: sum(pageFiles(dir, 'popup.html')),
    files,
  };
}
