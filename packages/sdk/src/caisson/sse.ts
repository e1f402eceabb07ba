/** One server-sent event as the wire carries it. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Parses a text/event-stream body (WHATWG server-sent events: `field: value` lines, blank line ends an event,
 * `:` lines are comments) into its events, as they arrive. A partial event at the end of the stream is dropped,
 * as the standard says.
 */
export async function* parseServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = "";
  let event: SseMessage = { data: "" };
  let dataLines: string[] = [];
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.search(/\r\n|\r|\n/);
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") {
        if (dataLines.length > 0 || event.id !== undefined || event.event !== undefined) {
          yield { ...event, data: dataLines.join("\n") };
        }
        event = { data: "" };
        dataLines = [];
      } else if (!line.startsWith(":")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") dataLines.push(value);
        else if (field === "id") event.id = value;
        else if (field === "event") event.event = value;
      }
      newline = buffer.search(/\r\n|\r|\n/);
    }
  }
}
