/**
 * How many started holders each subnet network keeps ready (see runtime/docker/holder-pool.ts). Four cover a
 * burst of a few creates while refills run; each idle holder is one sleeping process (~1 MB, plus Podman's
 * conmon). The ceiling keeps an operator's typo from starting hundreds of containers per subnet.
 */
export const DEFAULT_HOLDER_POOL = 4;
export const MAX_HOLDER_POOL = 64;
