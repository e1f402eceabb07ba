import { useState } from "preact/hooks";
import { ApiFailure, CI, json, listAll, query, request } from "../api.js";
import { StateBadge } from "../components/badge.js";
import { ConfirmButton } from "../components/confirm-button.js";
import { ErrorBox } from "../components/error-box.js";
import { age, when } from "../components/format.js";
import { Progress } from "../components/progress.js";
import { useLive } from "../live.js";
import type { Container, Instance, WorkRequest } from "../model.js";
import { go, href } from "../router.js";

interface Loaded {
  instance: Instance;
  containers: Container[];
  workRequests: WorkRequest[];
}

/** One instance: its containers, tags, work-request timeline and the actions on it. */
export function InstancePage({ id }: { id: string }) {
  const [actionError, setActionError] = useState<Error | undefined>(undefined);
  const { value, error, reload } = useLive(async (): Promise<Loaded> => {
    const instance = await json<Instance>(`${CI}/containerInstances/${encodeURIComponent(id)}`);
    const [containers, workRequests] = await Promise.all([
      Promise.all(
        instance.containers.map((c) => json<Container>(`${CI}/containers/${encodeURIComponent(c.containerId)}`)),
      ),
      listAll<WorkRequest>(
        `${CI}/workRequests${query({ compartmentId: instance.compartmentId, resourceId: id })}`,
        100,
      ),
    ]);
    return { instance, containers, workRequests };
  }, [id]);

  if (error && !value) {
    return (
      <main>
        <h1>Container instance</h1>
        <ErrorBox error={error} />
        <p>
          <a href={href.instances()}>Back to the instances</a>
        </p>
      </main>
    );
  }
  if (!value) return <main class="empty">Loading…</main>;
  const { instance, containers, workRequests } = value;
  const state = instance.lifecycleState;
  const act = (method: "POST" | "DELETE", suffix: string) => async () => {
    setActionError(undefined);
    try {
      await request(`${CI}/containerInstances/${encodeURIComponent(id)}${suffix}`, { method });
      reload();
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 404) go(href.instances());
      else setActionError(e as Error);
    }
  };
  const tags = Object.entries(instance.freeformTags ?? {});

  return (
    <main>
      <p class="crumbs">
        <a href={href.instances()}>Instances</a> /
      </p>
      <div class="toolbar">
        <h1>
          {instance.displayName} <StateBadge state={state} />
        </h1>
        <fieldset class="actions">
          <legend class="visually-hidden">Actions</legend>
          <ConfirmButton
            label="Start"
            question={`Start ${instance.displayName}?`}
            confirmLabel="Start"
            disabled={state !== "INACTIVE"}
            onConfirm={act("POST", "/actions/start")}
          />
          <ConfirmButton
            label="Stop"
            question={`Stop ${instance.displayName}? Its containers are stopped.`}
            confirmLabel="Stop"
            disabled={state !== "ACTIVE"}
            onConfirm={act("POST", "/actions/stop")}
          />
          <ConfirmButton
            label="Restart"
            question={`Restart ${instance.displayName}? Its containers are restarted.`}
            confirmLabel="Restart"
            disabled={state !== "ACTIVE"}
            onConfirm={act("POST", "/actions/restart")}
          />
          <ConfirmButton
            label="Delete"
            danger
            question={`Delete ${instance.displayName}? Its containers are removed; this cannot be undone.`}
            confirmLabel="Delete"
            disabled={state === "DELETING" || state === "DELETED" || state === "CREATING"}
            onConfirm={act("DELETE", "")}
          />
        </fieldset>
      </div>
      <ErrorBox error={actionError} />
      <dl class="facts">
        <dt>OCID</dt>
        <dd>
          <code>{instance.id}</code>
        </dd>
        <dt>Shape</dt>
        <dd>
          {instance.shape} · {instance.shapeConfig.ocpus} OCPU · {instance.shapeConfig.memoryInGBs} GB
        </dd>
        <dt>Availability domain</dt>
        <dd>{instance.availabilityDomain}</dd>
        <dt>Restart policy</dt>
        <dd>{instance.containerRestartPolicy}</dd>
        <dt>Created</dt>
        <dd title={instance.timeCreated}>{age(instance.timeCreated)} ago</dd>
        {instance.lifecycleDetails ? (
          <>
            <dt>Details</dt>
            <dd>{instance.lifecycleDetails}</dd>
          </>
        ) : null}
        <dt>Tags</dt>
        <dd>
          {tags.length === 0
            ? "none"
            : tags.map(([k, v]) => (
                <span class="tag" key={k}>
                  {k} = {v}
                </span>
              ))}
        </dd>
      </dl>

      <h2>Containers</h2>
      <table class="containers">
        <thead>
          <tr>
            <th>Name</th>
            <th>State</th>
            <th>Image</th>
            <th>Restarts</th>
            <th>Exit code</th>
            <th>Health</th>
            <th>Logs</th>
          </tr>
        </thead>
        <tbody>
          {containers.map((c) => (
            <tr key={c.id} data-container-id={c.id}>
              <td>{c.displayName}</td>
              <td>
                <StateBadge state={c.lifecycleState} />
              </td>
              <td>
                <code>{c.imageUrl}</code>
              </td>
              <td class="number">{c.containerRestartAttemptCount ?? 0}</td>
              <td class="number">{c.exitCode ?? ""}</td>
              <td>
                {(c.healthChecks ?? []).length === 0
                  ? "—"
                  : (c.healthChecks ?? []).map((h) => <StateBadge key={h.name} state={h.status} />)}
              </td>
              <td>
                <a href={href.logs(c.id)}>Logs</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Work requests</h2>
      <ol class="timeline">
        {workRequests
          .slice()
          .sort((a, b) => a.timeAccepted.localeCompare(b.timeAccepted))
          .map((w) => (
            <li key={w.id}>
              <time dateTime={w.timeAccepted}>{when(w.timeAccepted)}</time>{" "}
              <a href={href.workRequest(w.id)}>{w.operationType}</a> <StateBadge state={w.status} />{" "}
              <Progress percent={w.percentComplete} label={`${w.operationType} progress`} />
            </li>
          ))}
      </ol>
    </main>
  );
}
