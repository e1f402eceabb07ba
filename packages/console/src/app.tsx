import { useEffect, useState } from "preact/hooks";
import { IDENTITY, listAll, query, type Session, useSession } from "./api.js";
import { ErrorBox } from "./components/error-box.js";
import { feed } from "./live.js";
import type { Compartment } from "./model.js";
import { CreatePage } from "./pages/create.js";
import { InstancePage } from "./pages/instance.js";
import { InstancesPage } from "./pages/instances.js";
import { LogsPage } from "./pages/logs.js";
import { SignInPage } from "./pages/sign-in.js";
import { WorkRequestPage, WorkRequestsPage } from "./pages/work-requests.js";
import { href, type Page, usePage } from "./router.js";
import { currentSession, signInWithLink, signOut } from "./session.js";

type Status = { kind: "loading" } | { kind: "signed-out"; notice?: string } | { kind: "signed-in"; session: Session };

/** Reads and forgets `#sign-in=TOKEN`: the token leaves the address bar and the history at once. */
function takeSignInLink(): string | undefined {
  const match = /^#sign-in=([\w-]+)$/.exec(location.hash);
  if (!match) return undefined;
  history.replaceState(null, "", `${location.pathname}${href.instances()}`);
  return match[1];
}

export function App() {
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  const signedOut = (notice?: string) => {
    feed.stop();
    setStatus(notice ? { kind: "signed-out", notice } : { kind: "signed-out" });
  };
  useSession(status.kind === "signed-in" ? status.session : undefined, () =>
    signedOut("Your session ended (it expired, you signed out elsewhere, or its API key was deleted)."),
  );

  useEffect(() => {
    (async () => {
      const link = takeSignInLink();
      if (link) {
        try {
          return setStatus({ kind: "signed-in", session: await signInWithLink(link) });
        } catch (e) {
          return signedOut((e as Error).message);
        }
      }
      const session = await currentSession();
      setStatus(session ? { kind: "signed-in", session } : { kind: "signed-out" });
    })().catch((e: Error) => signedOut(e.message));
  }, []);

  useEffect(() => {
    if (status.kind === "signed-in") feed.start();
    return () => feed.stop();
  }, [status.kind]);

  if (status.kind === "loading") return <main class="empty">Loading…</main>;
  if (status.kind === "signed-out") {
    return (
      <SignInPage
        {...(status.notice ? { notice: status.notice } : {})}
        onSignedIn={(session) => setStatus({ kind: "signed-in", session })}
      />
    );
  }
  return (
    <SignedIn
      session={status.session}
      onSignOut={async () => {
        await signOut().catch(() => {});
        signedOut("Signed out.");
      }}
    />
  );
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: () => Promise<void> }) {
  const page = usePage();
  const [compartments, setCompartments] = useState<Compartment[]>([]);
  // Remembered per tenancy: another user signing in on this tab starts in their own root compartment.
  const remembered = `caisson.compartment.${session.tenancyId}`;
  const [compartmentId, setCompartmentId] = useState(() => sessionStorage.getItem(remembered) ?? session.tenancyId);
  const [error, setError] = useState<Error | undefined>(undefined);
  useEffect(() => {
    listAll<Compartment>(
      `${IDENTITY}/compartments${query({ compartmentId: session.tenancyId, compartmentIdInSubtree: true })}`,
    ).then((list) => setCompartments(list.filter((c) => c.lifecycleState !== "DELETED")), setError);
  }, [session.tenancyId]);
  useEffect(() => sessionStorage.setItem(remembered, compartmentId), [remembered, compartmentId]);

  return (
    <>
      <header class="top">
        <a class="brand" href={href.instances()}>
          Caisson
        </a>
        <nav aria-label="Pages">
          <a href={href.instances()} aria-current={page.name === "instances" ? "page" : undefined}>
            Instances
          </a>
          <a href={href.create()} aria-current={page.name === "create" ? "page" : undefined}>
            Create
          </a>
          <a href={href.workRequests()} aria-current={page.name === "work-requests" ? "page" : undefined}>
            Work requests
          </a>
        </nav>
        <label class="compartment">
          Compartment
          <select name="compartment" value={compartmentId} onChange={(e) => setCompartmentId(e.currentTarget.value)}>
            <option value={session.tenancyId}>(root)</option>
            {compartments.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <span class="user" title={session.userId}>
          {session.userId.slice(-10)}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <ErrorBox error={error} />
      <Content page={page} compartmentId={compartmentId} tenancyId={session.tenancyId} />
    </>
  );
}

function Content({ page, compartmentId, tenancyId }: { page: Page; compartmentId: string; tenancyId: string }) {
  switch (page.name) {
    case "instance":
      return <InstancePage key={page.id} id={page.id} />;
    case "logs":
      return <LogsPage key={page.containerId} containerId={page.containerId} />;
    case "create":
      return <CreatePage compartmentId={compartmentId} tenancyId={tenancyId} />;
    case "work-requests":
      return <WorkRequestsPage compartmentId={compartmentId} />;
    case "work-request":
      return <WorkRequestPage key={page.id} id={page.id} />;
    default:
      return <InstancesPage compartmentId={compartmentId} />;
  }
}
