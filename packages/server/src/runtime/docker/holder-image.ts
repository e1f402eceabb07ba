/**
 * The image that holds each instance's network namespace when the operator names none. Apart from the driver so
 * that naming it (the doctor does) never loads dockerode, the largest module Caisson has.
 */
export const DEFAULT_HOLDER_IMAGE = "docker.io/library/busybox:1.36";
