import { printCompletion } from "../cli/completion.js";
import type { Command, Group } from "../cli/spec.js";
import { UsageError } from "../errors.js";

/** `caisson completion bash|zsh`; built lazily from the whole command tree it belongs to. */
export function completionCommand(tree: () => Array<Command | Group>): Command {
  return {
    name: "completion",
    summary: "Print a shell completion script for bash or zsh",
    positionals: "bash|zsh",
    usesServer: false,
    options: {},
    examples: [
      'eval "$(caisson completion bash)"    # add to ~/.bashrc',
      'eval "$(caisson completion zsh)"     # add to ~/.zshrc',
    ],
    async run(ctx, args) {
      const shell = args.positionals[0];
      if (!printCompletion(ctx.out, shell, tree())) {
        throw new UsageError(`completion takes bash or zsh, got ${shell ? `"${shell}"` : "nothing"}`, ctx.path);
      }
      return 0;
    },
  };
}
