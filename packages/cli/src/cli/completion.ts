import type { Output } from "../output.js";
import { allOptions } from "./parse.js";
import { type Command, type Group, isGroup } from "./spec.js";

interface Node {
  words: string[];
  flags: string[];
}

/** Every command path → the words that may follow it (subcommands, or its flags). */
function table(entries: Array<Command | Group>, prefix: string[], into: Map<string, Node>): void {
  into.set(prefix.join(" "), {
    words: entries.map((e) => e.name),
    flags: [],
  });
  for (const entry of entries) {
    const path = [...prefix, entry.name];
    if (isGroup(entry)) table(entry.commands, path, into);
    else into.set(path.join(" "), { words: [], flags: Object.keys(allOptions(entry)).map((f) => `--${f}`) });
  }
}

/**
 * A bash completion script generated from the command tree, so it can never fall behind the commands. zsh
 * loads the same function through bashcompinit.
 */
export function completionScript(shell: "bash" | "zsh", entries: Array<Command | Group>): string {
  const nodes = new Map<string, Node>();
  table(entries, [], nodes);
  const cases = [...nodes.entries()]
    .map(([path, node]) => `    "${path}") words="${[...node.words, ...node.flags].join(" ")}" ;;`)
    .join("\n");
  const bash = `# caisson completion: eval "$(caisson completion ${shell})"
_caisson() {
  local cur path="" i words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  # Subcommands always come before flags: the path is every word up to the first flag.
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) break ;;
      *) path="\${path:+$path }\${COMP_WORDS[i]}" ;;
    esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _caisson caisson
`;
  return shell === "bash" ? bash : `autoload -U +X bashcompinit && bashcompinit\n${bash}`;
}

export function printCompletion(out: Output, shell: string | undefined, entries: Array<Command | Group>): boolean {
  if (shell !== "bash" && shell !== "zsh") return false;
  out.stdout(completionScript(shell, entries));
  return true;
}
