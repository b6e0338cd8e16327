/** The kernel's own log: the real stderr (Jupyter's server console), captured before cells take stderr over. */
const write = process.stderr.write.bind(process.stderr);

export function log(line: string): void {
  write(`genmodels kernel: ${line}\n`);
}
