/**
 * The image that holds each instance's network namespace when the operator names none. Apart from the driver so
 * that naming it (the doctor does) never loads dockerode, the largest module Caisson has.
 */
export const DEFAULT_HOLDER_IMAGE = "docker.io/library/busybox:1.36";

/**
 * The holder image is the operator's, the same for every instance: it is made present once per process (under
 * the pull policy, without any tenant's credentials) rather than once per create. A failed attempt is not kept,
 * so the next create tries again; an image removed from the engine afterwards surfaces as the holder's create
 * error, and `forget` makes the next create ensure it again.
 */
export class HolderImage {
  private ready?: Promise<void>;

  ensureOnce(ensure: () => Promise<unknown>): Promise<void> {
    if (!this.ready) {
      const attempt = ensure().then(() => undefined);
      this.ready = attempt;
      attempt.catch(() => {
        if (this.ready === attempt) this.ready = undefined;
      });
    }
    return this.ready;
  }

  forget(): void {
    this.ready = undefined;
  }
}
