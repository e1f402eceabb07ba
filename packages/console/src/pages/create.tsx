import { useEffect, useState } from "preact/hooks";
import { ApiFailure, CI, IDENTITY, json, listAll, query, request } from "../api.js";
import { StateBadge } from "../components/badge.js";
import { ErrorBox } from "../components/error-box.js";
import { Progress } from "../components/progress.js";
import { type Field, fieldErrors } from "../form-errors.js";
import { useLive } from "../live.js";
import type { AvailabilityDomain, Instance, Subnet, WorkRequest } from "../model.js";
import { href } from "../router.js";

export interface Form {
  displayName: string;
  imageUrl: string;
  command: string;
  arguments: string;
  environment: string;
  availabilityDomain: string;
  shape: string;
  ocpus: string;
  memoryInGBs: string;
  restartPolicy: string;
  subnetId: string;
  /** The `caisson.publish` tag: `[ADDR:]HOST:CONTAINER[/tcp|udp]`, comma-separated. */
  publishedPorts: string;
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

function details(form: Form, compartmentId: string): Record<string, unknown> {
  const environment = Object.fromEntries(
    lines(form.environment).map((line) => {
      const at = line.indexOf("=");
      return at < 0 ? [line, ""] : [line.slice(0, at), line.slice(at + 1)];
    }),
  );
  const command = form.command.trim().split(/\s+/).filter(Boolean);
  const args = lines(form.arguments);
  return {
    compartmentId,
    ...(form.displayName.trim() && { displayName: form.displayName.trim() }),
    availabilityDomain: form.availabilityDomain,
    shape: form.shape,
    shapeConfig: { ocpus: Number(form.ocpus), memoryInGBs: Number(form.memoryInGBs) },
    containerRestartPolicy: form.restartPolicy,
    containers: [
      {
        imageUrl: form.imageUrl.trim(),
        ...(command.length > 0 && { command }),
        ...(args.length > 0 && { arguments: args }),
        ...(Object.keys(environment).length > 0 && { environmentVariables: environment }),
      },
    ],
    vnics: [{ subnetId: form.subnetId }],
    ...(form.publishedPorts.trim() && { freeformTags: { "caisson.publish": form.publishedPorts.trim() } }),
  };
}

/** The common case of CreateContainerInstance, with the API's own validation shown by each field. */
export function CreatePage({ compartmentId, tenancyId }: { compartmentId: string; tenancyId: string }) {
  const [form, setForm] = useState<Form>({
    displayName: "",
    imageUrl: "",
    command: "",
    arguments: "",
    environment: "",
    availabilityDomain: "",
    shape: "CI.Standard.E4.Flex",
    ocpus: "1",
    memoryInGBs: "4",
    restartPolicy: "ALWAYS",
    subnetId: "",
    publishedPorts: "",
  });
  const [ads, setAds] = useState<AvailabilityDomain[]>([]);
  const [subnets, setSubnets] = useState<Subnet[]>([]);
  const [shapes, setShapes] = useState<string[]>([]);
  const [problems, setProblems] = useState<{ byField: Partial<Record<Field, string>>; general: string[] }>({
    byField: {},
    general: [],
  });
  const [loadError, setLoadError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ id: string; workRequestId: string } | undefined>(undefined);

  useEffect(() => {
    (async () => {
      const [adList, subnetLists, shapeList] = await Promise.all([
        listAll<AvailabilityDomain>(`${IDENTITY}/availabilityDomains${query({ compartmentId: tenancyId })}`),
        Promise.all(
          [...new Set([compartmentId, tenancyId])].map((c) =>
            listAll<Subnet>(`${IDENTITY}/subnets${query({ compartmentId: c })}`),
          ),
        ),
        listAll<{ name: string }>(`${CI}/containerInstanceShapes${query({ compartmentId })}`),
      ]);
      const allSubnets = subnetLists.flat();
      setAds(adList);
      setSubnets(allSubnets);
      setShapes(shapeList.map((s) => s.name));
      setForm((f) => ({
        ...f,
        availabilityDomain: f.availabilityDomain || adList[0]?.name || "",
        subnetId: f.subnetId || allSubnets[0]?.id || "",
        shape: shapeList.some((s) => s.name === f.shape) ? f.shape : (shapeList[0]?.name ?? f.shape),
      }));
    })().catch(setLoadError);
  }, [compartmentId, tenancyId]);

  const set = (field: Field) => (event: Event) =>
    setForm({ ...form, [field]: (event.currentTarget as HTMLInputElement).value });
  const problem = (field: Field) =>
    problems.byField[field] ? (
      <span class="field-error" id={`${field}-error`} role="alert">
        {problems.byField[field]}
      </span>
    ) : null;
  const described = (field: Field) =>
    problems.byField[field] ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {};

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblems({ byField: {}, general: [] });
    try {
      const response = await request(`${CI}/containerInstances`, {
        method: "POST",
        body: details(form, compartmentId),
        headers: { "opc-retry-token": crypto.randomUUID() },
      });
      const instance = (await response.json()) as Instance;
      setCreated({ id: instance.id, workRequestId: response.headers.get("opc-work-request-id") ?? "" });
    } catch (e) {
      setProblems(e instanceof ApiFailure ? fieldErrors(e.message) : { byField: {}, general: [(e as Error).message] });
    } finally {
      setBusy(false);
    }
  };

  if (created) return <CreateProgress {...created} />;
  return (
    <main>
      <p class="crumbs">
        <a href={href.instances()}>Instances</a> /
      </p>
      <h1>Create a container instance</h1>
      <ErrorBox error={loadError} />
      <form class="create" onSubmit={submit} aria-label="Create a container instance" noValidate>
        <label>
          Name (optional)
          <input
            name="displayName"
            value={form.displayName}
            onInput={set("displayName")}
            {...described("displayName")}
          />
          {problem("displayName")}
        </label>
        <label>
          Image
          <input
            name="imageUrl"
            placeholder="docker.io/library/busybox:latest"
            value={form.imageUrl}
            onInput={set("imageUrl")}
            {...described("imageUrl")}
          />
          {problem("imageUrl")}
        </label>
        <label>
          Command (words separated by spaces; empty: the image's)
          <input
            name="command"
            placeholder="sh -c"
            value={form.command}
            onInput={set("command")}
            {...described("command")}
          />
          {problem("command")}
        </label>
        <label>
          Arguments (one per line)
          <textarea
            name="arguments"
            rows={3}
            value={form.arguments}
            onInput={set("arguments")}
            {...described("arguments")}
          />
          {problem("arguments")}
        </label>
        <label>
          Environment (NAME=value, one per line)
          <textarea
            name="environment"
            rows={3}
            value={form.environment}
            onInput={set("environment")}
            {...described("environment")}
          />
          {problem("environment")}
        </label>
        <div class="row">
          <label>
            Availability domain
            <select name="availabilityDomain" value={form.availabilityDomain} onChange={set("availabilityDomain")}>
              {ads.map((ad) => (
                <option key={ad.name} value={ad.name}>
                  {ad.name}
                </option>
              ))}
            </select>
            {problem("availabilityDomain")}
          </label>
          <label>
            Shape
            <select name="shape" value={form.shape} onChange={set("shape")}>
              {(shapes.length ? shapes : [form.shape]).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            {problem("shape")}
          </label>
        </div>
        <div class="row">
          <label>
            OCPUs
            <input
              name="ocpus"
              type="number"
              min="0"
              step="any"
              value={form.ocpus}
              onInput={set("ocpus")}
              {...described("ocpus")}
            />
            {problem("ocpus")}
          </label>
          <label>
            Memory (GB)
            <input
              name="memoryInGBs"
              type="number"
              min="0"
              step="any"
              value={form.memoryInGBs}
              onInput={set("memoryInGBs")}
              {...described("memoryInGBs")}
            />
            {problem("memoryInGBs")}
          </label>
          <label>
            Restart policy
            <select name="restartPolicy" value={form.restartPolicy} onChange={set("restartPolicy")}>
              <option value="ALWAYS">Always</option>
              <option value="ON_FAILURE">On failure</option>
              <option value="NEVER">Never</option>
            </select>
            {problem("restartPolicy")}
          </label>
        </div>
        <label>
          Subnet
          <select name="subnetId" value={form.subnetId} onChange={set("subnetId")} {...described("subnetId")}>
            {subnets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName} ({s.cidrBlock})
              </option>
            ))}
          </select>
          {problem("subnetId")}
        </label>
        <label>
          Published ports (HOST:CONTAINER, comma-separated, e.g. 8080:80)
          <input
            name="publishedPorts"
            placeholder="8080:80"
            value={form.publishedPorts}
            onInput={set("publishedPorts")}
            {...described("publishedPorts")}
          />
          {problem("publishedPorts")}
        </label>
        {problems.general.length > 0 ? (
          <p class="error" role="alert">
            {problems.general.join("; ")}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Creating…" : "Create"}
        </button>
      </form>
    </main>
  );
}

/** The created instance's work request and state, until ACTIVE or FAILED. */
function CreateProgress({ id, workRequestId }: { id: string; workRequestId: string }) {
  const { value, error } = useLive(async () => {
    const [instance, work] = await Promise.all([
      json<Instance>(`${CI}/containerInstances/${encodeURIComponent(id)}`),
      workRequestId ? json<WorkRequest>(`${CI}/workRequests/${encodeURIComponent(workRequestId)}`) : undefined,
    ]);
    return { instance, work };
  }, [id, workRequestId]);
  const state = value?.instance.lifecycleState;
  const done = state === "ACTIVE" || state === "FAILED";
  return (
    <main>
      <h1>Creating {value?.instance.displayName ?? "the instance"}</h1>
      <ErrorBox error={error} />
      <p class="progress-line" aria-live="polite">
        <StateBadge state={state ?? "CREATING"} />{" "}
        <Progress percent={done ? 100 : (value?.work?.percentComplete ?? 0)} label="Creation progress" />{" "}
        {done ? (state === "ACTIVE" ? "Running." : `Failed: ${value?.instance.lifecycleDetails ?? ""}`) : "Working…"}
      </p>
      <p>
        <a href={href.instance(id)}>Open the instance</a> · <a href={href.instances()}>All instances</a>
        {workRequestId ? (
          <>
            {" "}
            · <a href={href.workRequest(workRequestId)}>Its work request</a>
          </>
        ) : null}
      </p>
    </main>
  );
}
