/** `npm run sim`: the CardioMood simulator as a standalone server, for the demo and manual testing. */
import { parseSimArgs, SIM_USAGE } from '@/lib/providers/cardiomood/simulator/cli';
import { startSimulator } from '@/lib/providers/cardiomood/simulator/server';

async function main() {
  let options: ReturnType<typeof parseSimArgs>;
  try {
    options = parseSimArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${SIM_USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(SIM_USAGE);
    return;
  }
  const sim = await startSimulator(options);
  const accounts = options.accounts ?? 3;
  console.log(`CardioMood simulator listening on ${sim.url}`);
  console.log(`  authorize: ${sim.url}/oauth/authorize   token: ${sim.url}/oauth/token`);
  console.log(`  accounts:  user1…user${accounts}, password "${options.password ?? 'password'}"`);
  for (const client of options.clients ?? []) {
    console.log(`  client:    ${client.id} → ${client.redirectUris.join(', ')}`);
  }
  if (!options.clients?.length) console.log('  clients:   none yet (POST /admin/clients or --client ID:SECRET:URI)');
  console.log(`  admin:     ${options.adminToken ? 'header x-admin-token required' : 'loopback callers only'}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the CardioMood simulator`);
    await sim.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`The CardioMood simulator could not start: ${(error as Error).message}`);
  process.exit(1);
});
