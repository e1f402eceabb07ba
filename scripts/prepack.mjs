// `npm pack` / `npm publish` of a workspace package: the license and the changelog live once, at the root of the
// repository, and every package ships a copy (npm takes only files inside the package's own directory).
// The copies are ignored by git.
import { copyFileSync } from "node:fs";

for (const file of ["LICENSE", "CHANGELOG.md"]) copyFileSync(new URL(`../${file}`, import.meta.url), file);
