import { useEffect, useState } from "preact/hooks";
import { type Page, parsePage } from "./pages-by-url.js";

export { href, type Page, parsePage } from "./pages-by-url.js";

export function usePage(): Page {
  const [page, setPage] = useState(() => parsePage(location.hash));
  useEffect(() => {
    const onChange = () => setPage(parsePage(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return page;
}

export const go = (target: string) => {
  location.hash = target;
};
