import type { Response } from "./http/types.js";

/** Reads a `retrieveLogs` response to the end and decodes it as UTF-8 (invalid bytes become U+FFFD). */
export async function readLogsAsText(response: Response<ReadableStream<Uint8Array>>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of response.data) {
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}
