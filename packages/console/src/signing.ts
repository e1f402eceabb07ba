/**
 * Signs the server's sign-in challenge with the user's API key, in the browser: RSASSA-PKCS1-v1_5 with SHA-256,
 * the algorithm of OCI request signatures. The key is imported as non-extractable and never leaves the page.
 */

export class KeyProblem extends Error {}

export async function signChallenge(privateKeyPem: string, challenge: string): Promise<string> {
  const key = await importPrivateKey(privateKeyPem);
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(challenge));
  return base64(new Uint8Array(signature));
}

async function importPrivateKey(pem: string) {
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]+?)-----END \1-----/.exec(pem);
  if (!match) throw new KeyProblem("That is not a PEM private key (-----BEGIN PRIVATE KEY----- …).");
  const label = match[1];
  if (label === "ENCRYPTED PRIVATE KEY" || /Proc-Type: 4,ENCRYPTED/.test(match[2] ?? "")) {
    throw new KeyProblem("The key is encrypted with a passphrase; use an unencrypted copy of it.");
  }
  let der: Uint8Array;
  try {
    der = unbase64((match[2] ?? "").replace(/\s+/g, ""));
  } catch {
    throw new KeyProblem("The key's base64 text is damaged.");
  }
  if (label === "RSA PRIVATE KEY") der = pkcs1ToPkcs8(der);
  else if (label !== "PRIVATE KEY") throw new KeyProblem(`A ${label} is not an RSA private key.`);
  try {
    return await crypto.subtle.importKey(
      "pkcs8",
      der as Uint8Array<ArrayBuffer>,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
  } catch {
    throw new KeyProblem("The browser could not read that key as an RSA private key.");
  }
}

/** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL parameters). */
function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array {
  const rsaEncryption = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
  const body = [0x02, 0x01, 0x00, ...rsaEncryption, 0x04, ...derLength(pkcs1.length), ...pkcs1];
  return new Uint8Array([0x30, ...derLength(body.length), ...body]);
}

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function base64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function unbase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
