#!/usr/bin/env node
// Standard Webhooks v1a (Ed25519) test vectors made with Node's own crypto, an implementation
// independent of the JDK's, for Hookline's tests. Node 18 or later; no packages.
//
//   node v1a-vectors.js generate > node-signed.jsonl
//       key pairs and signatures over fixed messages, each line one case with the verdict
//       a receiver configured with `secrets` must give (StandardWebhooksNodeVectorsTest reads them)
//   node v1a-vectors.js verify < hookline-signed.jsonl > hookline-signed.node-verdicts.txt
//       checks signatures Hookline made: each input line has public_key (whpk_), id, timestamp,
//       body_base64 and signature (the webhook-signature header); prints "<name> verified" when a
//       v1a entry verifies under the key, else "<name> rejected"
//
// Keys are written as Standard Webhooks writes them: whpk_ + base64 of the raw 32-byte public key,
// whsec_ + base64 for HMAC secrets. The signed bytes are `${id}.${timestamp}.` then the raw body.
'use strict';
const crypto = require('crypto');

function whpk(publicKey) {
  return 'whpk_' + Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64');
}

function publicKeyOf(text) {
  const raw = Buffer.from(text.slice('whpk_'.length), 'base64');
  return crypto.createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') } });
}

function signed(id, timestamp, body) {
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body]);
}

function v1a(privateKey, id, timestamp, body) {
  return 'v1a,' + crypto.sign(null, signed(id, timestamp, body), privateKey).toString('base64');
}

function v1(secret, id, timestamp, body) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return 'v1,' + crypto.createHmac('sha256', key).update(signed(id, timestamp, body)).digest('base64');
}

function generate() {
  const a = crypto.generateKeyPairSync('ed25519');
  const b = crypto.generateKeyPairSync('ed25519');
  const stranger = crypto.generateKeyPairSync('ed25519');
  const secret = 'whsec_' + crypto.randomBytes(32).toString('base64');
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  const timestamp = 1674087231;
  const body = Buffer.from('{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52"}}', 'utf8');
  const unicode = Buffer.from('{"type":"note.created","data":{"text":"naïve café — 日本語 ✓"}}\n', 'utf8');
  const cases = [];
  const add = (name, secrets, signature, expected, overrides = {}) => cases.push({
    name, secrets, id: overrides.id || id, timestamp: String(overrides.timestamp || timestamp),
    body_base64: (overrides.body || body).toString('base64'), signature, expected,
  });

  add('v1a-accepted', [whpk(a.publicKey)], v1a(a.privateKey, id, timestamp, body), 'verified');
  add('v1a-non-ascii-body-with-newline', [whpk(a.publicKey)], v1a(a.privateKey, id, timestamp, unicode), 'verified',
    { body: unicode });
  add('v1a-tampered-body', [whpk(a.publicKey)], v1a(a.privateKey, id, timestamp, body), 'rejected',
    { body: Buffer.from(body.toString('utf8').replace('created', 'deleted'), 'utf8') });
  add('v1a-other-id', [whpk(a.publicKey)], v1a(a.privateKey, id, timestamp, body), 'rejected', { id: id + 'x' });
  add('v1a-other-timestamp', [whpk(a.publicKey)], v1a(a.privateKey, id, timestamp, body), 'rejected',
    { timestamp: timestamp + 1 });
  add('v1a-wrong-key', [whpk(b.publicKey)], v1a(a.privateKey, id, timestamp, body), 'rejected');
  add('v1a-rotation-two-keys-configured-new-signs', [whpk(a.publicKey), whpk(b.publicKey)],
    v1a(b.privateKey, id, timestamp, body), 'verified');
  add('v1a-rotation-two-entries-one-key-configured', [whpk(b.publicKey)],
    v1a(stranger.privateKey, id, timestamp, body) + ' ' + v1a(b.privateKey, id, timestamp, body), 'verified');
  add('mixed-v1-and-v1a-public-key-only', [whpk(a.publicKey)],
    v1(secret, id, timestamp, body) + ' ' + v1a(a.privateKey, id, timestamp, body), 'verified');
  add('mixed-v1-and-v1a-secret-only', [secret],
    v1a(a.privateKey, id, timestamp, body) + ' ' + v1(secret, id, timestamp, body), 'verified');
  add('mixed-v1-bad-and-v1a-good-both-configured', [secret, whpk(a.publicKey)],
    v1(secret, id, timestamp, unicode) + ' ' + v1a(a.privateKey, id, timestamp, body), 'verified');
  add('v1a-only-to-secret-only-source', [secret], v1a(a.privateKey, id, timestamp, body), 'rejected');
  add('v1-only-to-public-key-only-source', [whpk(a.publicKey)], v1(secret, id, timestamp, body), 'rejected');
  for (const c of cases) {
    process.stdout.write(JSON.stringify(c) + '\n');
  }
}

function verify() {
  const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter((line) => line.trim() !== '');
  for (const line of lines) {
    const c = JSON.parse(line);
    const key = publicKeyOf(c.public_key);
    const data = signed(c.id, c.timestamp, Buffer.from(c.body_base64, 'base64'));
    const ok = c.signature.split(' ').some((entry) => entry.startsWith('v1a,')
      && crypto.verify(null, data, key, Buffer.from(entry.slice('v1a,'.length), 'base64')));
    process.stdout.write(`${c.name} ${ok ? 'verified' : 'rejected'}\n`);
  }
}

const command = process.argv[2];
if (command === 'generate') {
  generate();
} else if (command === 'verify') {
  verify();
} else {
  process.stderr.write('usage: node v1a-vectors.js generate | verify < cases.jsonl\n');
  process.exit(64);
}
