// Self-signed TLS certificate for graph.facebook.com / business.facebook.com, generated with the
// `openssl` CLI and cached in os.tmpdir(). Key and certificate are stored in ONE file that is renamed
// into place atomically, so parallel test workers never see a mismatched pair.

import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export interface SimCertificate {
  certPem: string;
  keyPem: string;
  /** base64(sha256(SubjectPublicKeyInfo DER)) — for Chromium's --ignore-certificate-errors-spki-list */
  spkiHash: string;
}

export const CERT_SANS = ['DNS:graph.facebook.com', 'DNS:business.facebook.com', 'DNS:*.facebook.com', 'DNS:localhost', 'IP:127.0.0.1'];

const CACHE_DIR = join(tmpdir(), 'waba-health-graph-sim');
const BUNDLE = join(CACHE_DIR, 'cert-bundle-v1.pem');
const MIN_REMAINING_MS = 30 * 24 * 3600 * 1000;

export function spkiHashOf(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

function splitBundle(text: string): { certPem: string; keyPem: string } | null {
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(text)?.[0];
  const key = /-----BEGIN (?:EC |RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:EC |RSA )?PRIVATE KEY-----\n?/.exec(text)?.[0];
  return cert && key ? { certPem: cert, keyPem: key } : null;
}

function usable(pair: { certPem: string; keyPem: string }): boolean {
  try {
    const x = new X509Certificate(pair.certPem);
    if (new Date(x.validTo).getTime() - Date.now() < MIN_REMAINING_MS) return false;
    if (!x.checkPrivateKey(createPrivateKey(pair.keyPem))) return false;
    const san = x.subjectAltName ?? '';
    return san.includes('graph.facebook.com') && san.includes('business.facebook.com') && san.includes('127.0.0.1');
  } catch {
    return false;
  }
}

async function generate(): Promise<{ certPem: string; keyPem: string }> {
  await mkdir(CACHE_DIR, { recursive: true });
  const dir = await mkdtemp(join(CACHE_DIR, 'gen-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    await execFileP('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '825',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=graph.facebook.com/O=WABA Health Graph Simulator',
      '-addext',
      `subjectAltName=${CERT_SANS.join(',')}`,
      '-addext',
      'extendedKeyUsage=serverAuth',
    ]);
    const pair = { certPem: await readFile(certFile, 'utf8'), keyPem: await readFile(keyFile, 'utf8') };
    const tmpBundle = join(dir, 'bundle.pem');
    await writeFile(tmpBundle, pair.keyPem + pair.certPem, { mode: 0o600 });
    await rename(tmpBundle, BUNDLE); // atomic replace
    return pair;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let inProcess: Promise<SimCertificate> | undefined;

/** Returns the cached certificate, generating it with openssl on first use. */
export function ensureCertificate(): Promise<SimCertificate> {
  inProcess ??= (async () => {
    let pair: { certPem: string; keyPem: string } | null = null;
    try {
      pair = splitBundle(await readFile(BUNDLE, 'utf8'));
    } catch {
      pair = null;
    }
    if (!pair || !usable(pair)) pair = await generate();
    return { ...pair, spkiHash: spkiHashOf(pair.certPem) };
  })();
  inProcess.catch(() => (inProcess = undefined));
  return inProcess;
}
