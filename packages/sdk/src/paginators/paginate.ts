import type { Response } from "../http/types.js";

/** Fetches one page; `page` is undefined for the first one. */
export type PageFetcher<T> = (page: string | undefined) => Promise<Response<T>>;

/**
 * Yields whole responses, following `opc-next-page` until a response has none. Lazy: a page is requested only
 * when the consumer asks for it, so breaking out of the loop stops the requests.
 */
export async function* paginateResponses<T>(
  fetchPage: PageFetcher<T>,
  firstPage?: string,
): AsyncGenerator<Response<T>, void, undefined> {
  let page = firstPage;
  do {
    const response = await fetchPage(page);
    yield response;
    page = response.nextPage;
  } while (page);
}

/** Yields the `items` of every page, one record at a time. */
export async function* paginateRecords<I>(
  fetchPage: PageFetcher<{ items: I[] }>,
  firstPage?: string,
): AsyncGenerator<I, void, undefined> {
  for await (const response of paginateResponses(fetchPage, firstPage)) {
    yield* response.data.items;
  }
}
