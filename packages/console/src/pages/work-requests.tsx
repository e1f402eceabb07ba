import { CI, json, listAll, query } from "../api.js";
import { StateBadge } from "../components/badge.js";
import { ErrorBox } from "../components/error-box.js";
import { when } from "../components/format.js";
import { Progress } from "../components/progress.js";
import { useLive } from "../live.js";
import type { WorkRequest, WorkRequestError, WorkRequestLog } from "../model.js";
import { href } from "../router.js";

const instanceOf = (w: WorkRequest) => w.resources.find((r) => r.entityType === "ContainerInstance")?.identifier;

/** The compartment's work requests, newest first, with their progress. */
export function WorkRequestsPage({ compartmentId }: { compartmentId: string }) {
  const { value, error } = useLive(
    () => listAll<WorkRequest>(`${CI}/workRequests${query({ compartmentId, limit: 100 })}`, 200),
    [compartmentId],
  );
  return (
    <main>
      <h1>Work requests</h1>
      <ErrorBox error={error} />
      <table class="work-requests">
        <thead>
          <tr>
            <th>Operation</th>
            <th>Status</th>
            <th>Progress</th>
            <th>Accepted</th>
            <th>Instance</th>
          </tr>
        </thead>
        <tbody>
          {(value ?? [])
            .slice()
            .sort((a, b) => b.timeAccepted.localeCompare(a.timeAccepted))
            .map((w) => {
              const instance = instanceOf(w);
              return (
                <tr key={w.id}>
                  <td>
                    <a href={href.workRequest(w.id)}>{w.operationType}</a>
                  </td>
                  <td>
                    <StateBadge state={w.status} />
                  </td>
                  <td>
                    <Progress percent={w.percentComplete} label={`${w.operationType} progress`} />
                  </td>
                  <td>{when(w.timeAccepted)}</td>
                  <td>{instance ? <a href={href.instance(instance)}>{instance.slice(-12)}</a> : ""}</td>
                </tr>
              );
            })}
        </tbody>
      </table>
      {value && value.length === 0 ? <p class="empty">No work requests in this compartment.</p> : null}
    </main>
  );
}

/** One work request: its progress, log entries and errors. */
export function WorkRequestPage({ id }: { id: string }) {
  const wr = encodeURIComponent(id);
  const { value, error } = useLive(async () => {
    const [work, logs, errors] = await Promise.all([
      json<WorkRequest>(`${CI}/workRequests/${wr}`),
      listAll<WorkRequestLog>(`${CI}/workRequests/${wr}/logs`, 500),
      listAll<WorkRequestError>(`${CI}/workRequests/${wr}/errors`, 500),
    ]);
    return { work, logs, errors };
  }, [wr]);
  if (!value) return <main>{error ? <ErrorBox error={error} /> : <p class="empty">Loading…</p>}</main>;
  const { work, logs, errors } = value;
  const instance = instanceOf(work);
  return (
    <main>
      <p class="crumbs">
        <a href={href.workRequests()}>Work requests</a> /
      </p>
      <h1>
        {work.operationType} <StateBadge state={work.status} />
      </h1>
      <p>
        <Progress percent={work.percentComplete} label="Progress" /> {Math.round(work.percentComplete)}% · accepted{" "}
        {when(work.timeAccepted)}
        {work.timeFinished ? ` · finished ${when(work.timeFinished)}` : ""}
        {instance ? (
          <>
            {" "}
            · <a href={href.instance(instance)}>the instance</a>
          </>
        ) : null}
      </p>
      <h2>Log entries</h2>
      <ol class="timeline">
        {logs
          .slice()
          .sort((a, b) => a.timestamp.localeCompare(b.timestamp))
          .map((l, i) => (
            <li key={`${l.timestamp}-${i}`}>
              <time dateTime={l.timestamp}>{when(l.timestamp)}</time> {l.message}
            </li>
          ))}
      </ol>
      <h2>Errors</h2>
      {errors.length === 0 ? (
        <p class="empty">None.</p>
      ) : (
        <ul class="errors">
          {errors.map((e, i) => (
            <li key={`${e.timestamp}-${i}`}>
              <strong>{e.code}</strong>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
