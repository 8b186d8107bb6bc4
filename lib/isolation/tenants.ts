import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectorSimulator, enableCardiomood } from '../testing/connector';
import { isHeartbridgeError, type HeartbridgeError } from '../errors';
import { createTestDatabase } from '../testing/test-database';
import { tenantWorld } from '../testing/tenant-world';
import type { Tenants } from './action-cases';

/**
 * A database with two full accounts, A ("Mine", the signed-in side, its CardioMood client on a
 * simulator) and B ("Theirs"), a webhook receiver on loopback both send to, and the simulator.
 */
export async function twoTenants() {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  const database = await createTestDatabase();
  const receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const { sim } = await connectorSimulator();
  const a = await tenantWorld(database.db, 'Mine', url);
  const b = await tenantWorld(database.db, 'Theirs', url);
  await enableCardiomood(a.owner, sim);
  const tenants: Tenants = { a, b, simulatorUrl: sim.url };
  return {
    db: database.db,
    tenants,
    async close() {
      delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
      await sim.close();
      await new Promise((resolve) => receiver.close(resolve));
      await database.destroy();
    },
  };
}

/** The call's value, or the lib error it was refused with; anything else is a failure of the test. */
export async function settle(call: () => Promise<unknown>): Promise<{ value?: unknown; error?: HeartbridgeError }> {
  try {
    return { value: await call() };
  } catch (error) {
    if (isHeartbridgeError(error)) return { error };
    throw error;
  }
}
