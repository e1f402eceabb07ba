import { useState } from "preact/hooks";
import { CI, listAll, query } from "../api.js";
import { StateBadge } from "../components/badge.js";
import { ErrorBox } from "../components/error-box.js";
import { age } from "../components/format.js";
import { useLive } from "../live.js";
import { type InstanceSummary, LIFECYCLE_STATES } from "../model.js";
import { href } from "../router.js";

type SortKey = "displayName" | "lifecycleState" | "containerCount" | "timeCreated";

/** The instances of one compartment: filter by state, search by name, sort by any column; updates live. */
export function InstancesPage({ compartmentId }: { compartmentId: string }) {
  const [state, setState] = useState("");
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "timeCreated", descending: true });
  const { value, error } = useLive(
    () =>
      listAll<InstanceSummary>(
        `${CI}/containerInstances${query({ compartmentId, lifecycleState: state || undefined, limit: 100 })}`,
      ),
    [compartmentId, state],
  );
  const needle = search.trim().toLowerCase();
  const rows = (value ?? [])
    .filter((i) => (state ? true : i.lifecycleState !== "DELETED"))
    .filter((i) => needle === "" || i.displayName.toLowerCase().includes(needle))
    .sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -order : order;
    });
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.descending ? "descending" : "ascending") : "none"}>
      <button
        type="button"
        class="sort"
        onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : false })}
      >
        {label}
        {sort.key === key ? (sort.descending ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );

  return (
    <main>
      <div class="toolbar">
        <h1>Container instances</h1>
        <a class="button primary" href={href.create()}>
          Create instance
        </a>
      </div>
      <div class="filters">
        <label>
          Search by name
          <input type="search" name="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <label>
          State
          <select name="state" value={state} onChange={(e) => setState(e.currentTarget.value)}>
            <option value="">All but deleted</option>
            {LIFECYCLE_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBox error={error} />
      <table class="instances">
        <thead>
          <tr>
            {header("displayName", "Name")}
            {header("lifecycleState", "State")}
            {header("containerCount", "Containers")}
            <th>Shape</th>
            {header("timeCreated", "Age")}
          </tr>
        </thead>
        <tbody>
          {rows.map((i) => (
            <tr key={i.id} data-instance-id={i.id}>
              <td>
                <a href={href.instance(i.id)}>{i.displayName}</a>
              </td>
              <td>
                <StateBadge state={i.lifecycleState} />
              </td>
              <td class="number">{i.containerCount}</td>
              <td>
                {i.shape} · {i.shapeConfig.ocpus} OCPU · {i.shapeConfig.memoryInGBs} GB
              </td>
              <td title={i.timeCreated}>{age(i.timeCreated)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {value && rows.length === 0 ? <p class="empty">No instances here{needle ? " match that name" : ""}.</p> : null}
      {!value && !error ? <p class="empty">Loading…</p> : null}
    </main>
  );
}
