import { useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure, CI, json, request } from "../api.js";
import { StateBadge } from "../components/badge.js";
import { ErrorBox } from "../components/error-box.js";
import type { Container } from "../model.js";
import { href } from "../router.js";

/** What the page keeps of a followed log: the most recent bytes. */
const KEEP_CHARS = 1024 * 1024;
const POLL_MS = 2_000;

/**
 * A container's logs: the current run (or the previous one), followed live. Following reads the server's
 * followed-log stream when it offers one, and polls RetrieveLogs otherwise.
 */
export function LogsPage({ containerId }: { containerId: string }) {
  const [previous, setPrevious] = useState(false);
  const [follow, setFollow] = useState(true);
  const [text, setText] = useState("");
  const [error, setError] = useState<Error | undefined>(undefined);
  const [container, setContainer] = useState<Container | undefined>(undefined);
  const pre = useRef<HTMLPreElement>(null);
  const id = encodeURIComponent(containerId);

  useEffect(() => {
    json<Container>(`${CI}/containers/${id}`).then(setContainer, setError);
  }, [id]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setError(undefined);
    const retrieve = async () => {
      const response = await request(
        `${CI}/containers/${id}/actions/retrieveLogs${previous ? "?isPrevious=true" : ""}`,
        {
          method: "POST",
          signal,
        },
      );
      return response.text();
    };
    const poll = async () => {
      while (!signal.aborted) {
        try {
          setText(await retrieve());
          setError(undefined);
        } catch (e) {
          if (!signal.aborted) setError(e as Error);
        }
        if (!follow || previous) return;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    const stream = async (): Promise<boolean> => {
      let response: Response;
      try {
        response = await request(`/_caisson/containers/${id}/logs?follow=true&tail=2000`, { signal });
      } catch (e) {
        // No followed-log endpoint on this server: poll instead.
        if (e instanceof ApiFailure && (e.status === 404 || e.status === 405 || e.status === 429)) return false;
        throw e;
      }
      const reader = response.body?.getReader();
      if (!reader) return false;
      const decoder = new TextDecoder();
      let kept = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return true;
        kept = (kept + decoder.decode(value, { stream: true })).slice(-KEEP_CHARS);
        setText(kept);
      }
    };
    (async () => {
      if (follow && !previous && (await stream().catch(() => false))) return;
      await poll();
    })();
    return () => controller.abort();
  }, [id, previous, follow]);

  useEffect(() => {
    if (follow && pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [text, follow]);

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${container?.displayName ?? "container"}${previous ? "-previous" : ""}.log`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <main>
      <p class="crumbs">
        <a href={href.instances()}>Instances</a> /{" "}
        {container ? <a href={href.instance(container.containerInstanceId)}>instance</a> : null} /
      </p>
      <div class="toolbar">
        <h1>
          Logs of {container?.displayName ?? containerId}{" "}
          {container ? <StateBadge state={container.lifecycleState} /> : null}
        </h1>
        <div class="actions">
          <label class="inline">
            <input
              type="checkbox"
              name="follow"
              checked={follow}
              onChange={(e) => setFollow(e.currentTarget.checked)}
            />{" "}
            Follow
          </label>
          <label class="inline">
            <input
              type="checkbox"
              name="previous"
              checked={previous}
              onChange={(e) => setPrevious(e.currentTarget.checked)}
            />{" "}
            Previous run
          </label>
          <button type="button" onClick={download}>
            Download
          </button>
        </div>
      </div>
      <ErrorBox error={error} />
      <pre class="logs" ref={pre} role="log">
        {text === "" ? "(nothing yet)" : text}
      </pre>
    </main>
  );
}
