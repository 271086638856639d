import type { EntityManager } from 'typeorm';
import { queryPrepared } from './prepared.js';

const STATEMENT = { name: 'spec_statement', text: 'SELECT $1::int AS n' };

describe('queryPrepared', () => {
  it('should send the statement with its name on the transaction client and answer its rows', async () => {
    const sent: unknown[] = [];
    const client = { query: async (config: unknown) => (sent.push(config), { rows: [{ n: 1 }] }) };
    const manager = { queryRunner: { connect: async () => client } } as unknown as EntityManager;
    const sut = await queryPrepared(manager, STATEMENT, [1]);
    expect(sut).toEqual([{ n: 1 }]);
    expect(sent).toEqual([{ name: 'spec_statement', text: STATEMENT.text, values: [1] }]);
  });

  it('should run through the manager when there is no transaction', async () => {
    const manager = { query: async (text: string, values: unknown[]) => [{ text, values }] } as unknown as EntityManager;
    const sut = await queryPrepared(manager, STATEMENT, [2]);
    expect(sut).toEqual([{ text: STATEMENT.text, values: [2] }]);
  });
});
