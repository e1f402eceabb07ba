import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { type BodyDigest, EMPTY_BODY_SHA256 } from "../auth/signature-verifier.js";

/**
 * Passes a request body through unchanged while hashing it, so the signed x-content-sha256 is checked against
 * the bytes as they were read, without a second pass over the buffered body.
 */
export class BodyDigestStream extends Transform {
  private readonly hash = createHash("sha256");
  private length = 0;
  private result: BodyDigest | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.length += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.result = { sha256: this.length === 0 ? EMPTY_BODY_SHA256 : this.hash.digest("base64"), length: this.length };
    done();
  }

  /** The digest of the whole body; a body never read (GET, DELETE) counts as empty. */
  digest(): BodyDigest {
    return this.result ?? { sha256: EMPTY_BODY_SHA256, length: 0 };
  }
}
