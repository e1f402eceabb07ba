import type { Response } from "@caisson/sdk";
import type { Invocation } from "../../cli/command-context.js";
import type { CommandContext } from "../../cli/spec.js";
import { EXIT } from "../../errors.js";
import { followWorkRequest, type WaitRequest } from "../../input/wait.js";

/**
 * The answer of an asynchronous operation, as the OCI CLI gives it: without --wait-for-state the work request
 * id to follow (and the resource, when the operation returns one); with it, the work request once it got there.
 */
export async function answerAccepted(
  ctx: CommandContext,
  inv: Invocation,
  response: Response<unknown>,
  wait: WaitRequest | undefined,
): Promise<number> {
  const workRequestId = response.workRequestId;
  if (!wait || !workRequestId) {
    inv.print({
      ...(response.data !== undefined && { data: response.data }),
      ...(response.etag && { etag: response.etag }),
      ...(workRequestId && { "opc-work-request-id": workRequestId }),
    });
    return EXIT.ok;
  }
  const workRequest = await followWorkRequest(ctx, inv.session, workRequestId, wait);
  inv.print({ data: workRequest.data });
  return EXIT.ok;
}

/** A page of any list: an SDK Response fits, and so does an Identity list wrapped as a collection. */
export interface PageLike<I> {
  data: { items: I[] };
  nextPage: string | undefined;
}

/** One page (`--limit`, `--page`) or, with `--all`, every page merged, as `{data: {items}}`. */
export async function answerList<I>(
  inv: Invocation,
  all: boolean,
  fetchPage: (page: string | undefined) => Promise<PageLike<I>>,
  firstPage: string | undefined,
): Promise<number> {
  if (!all) {
    const response = await fetchPage(firstPage);
    inv.print({ data: response.data, ...(response.nextPage && { "opc-next-page": response.nextPage }) });
    return EXIT.ok;
  }
  const items: I[] = [];
  let page = firstPage;
  do {
    const response = await fetchPage(page);
    items.push(...response.data.items);
    page = response.nextPage;
  } while (page);
  inv.print({ data: { items } });
  return EXIT.ok;
}
