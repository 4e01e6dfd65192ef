import type { Command } from './command';
import { UsageError } from './command';

/** Each subcommand loads only when used, so `gantry worker` starts fast. */
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import('./commands/serve'),
  load: () => import('./commands/load'),
  sim: () => import('./commands/sim'),
  worker: () => import('./commands/worker'),
  bench: () => import('./commands/bench'),
  image: () => import('./commands/image'),
};

async function help(): Promise<string> {
  const lines = ['gantry: an autoscaled pool of worker containers', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(8)} ${command.summary}`);
  }
  lines.push('', 'Run `gantry help COMMAND` or `gantry COMMAND --help` for its flags.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0];
    const load = topic === undefined ? undefined : COMMANDS[topic];
    process.stdout.write(`${load ? (await load()).command.usage : await help()}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`gantry: unknown command "${name}"\n\n${await help()}\n`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`gantry ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}
