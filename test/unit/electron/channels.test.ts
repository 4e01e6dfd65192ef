import { describe, expect, it } from 'vitest';
import { DESKTOP_METHOD_NAMES, METHOD_NAME_LIST } from '../../../src/shared/api/channels';
import { METHOD_NAMES, contract } from '../../../src/shared/api/contract';
import { desktopContract } from '../../../src/shared/api/contract/desktop';

describe('zod-free channel lists', () => {
  it('lists exactly the contract channels', () => {
    expect([...METHOD_NAME_LIST].toSorted()).toEqual(Object.keys(contract).toSorted());
    expect(new Set(METHOD_NAME_LIST).size).toBe(METHOD_NAME_LIST.length);
    expect(METHOD_NAMES.length).toBe(METHOD_NAME_LIST.length);
  });

  it('lists exactly the desktop channels, none of which collides with the contract', () => {
    expect([...DESKTOP_METHOD_NAMES].toSorted()).toEqual(Object.keys(desktopContract).toSorted());
    for (const name of DESKTOP_METHOD_NAMES) expect(Object.keys(contract)).not.toContain(name);
  });
});
