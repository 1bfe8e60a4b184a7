import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exchangeOperations } from '../../shared/contract/exchange.js';
import { cleanupTemp, openTestCatalogue, type TestCatalogue } from '../helpers.js';
import { exchangeContractCases } from './contract-cases.js';
import { useTestKeys } from './support.js';

let t: TestCatalogue;
beforeEach(() => {
  useTestKeys();
  t = openTestCatalogue();
});
afterEach(() => {
  t.close();
  cleanupTemp();
});

const cases = exchangeContractCases(() => t);

describe('every exchange operation', () => {
  it('has cases for every exchange operation of the contract', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(exchangeOperations).sort());
  });
  for (const op of Object.keys(cases) as (keyof typeof cases)[]) {
    it(`${op}: happy path`, () => cases[op].happy());
    it(`${op}: bad input gets a typed error`, () => cases[op].bad());
  }
});
