export async function main(_argv: string[]): Promise<number> {
  process.stdout.write("caisson: the server is not there yet\n");
  return 0;
}
